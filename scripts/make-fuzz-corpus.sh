#!/usr/bin/env bash
# Writes the model loader's seed corpus, Fuzz/Corpus/model/<method>.bin: small models of every kind
# trained by the `forecast` binary given (default: a debug build), each packed as the fuzz target
# reads it — model.json, a NUL byte, weights.safetensors (networks only).
# Usage: scripts/make-fuzz-corpus.sh [path/to/forecast]
set -euo pipefail
cd "$(dirname "$0")/.."
forecast=${1:-.build/debug/forecast}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=Fuzz/Corpus/model
mkdir -p "$out"
small=(--units 4 --epochs 1 --batch-size 16)
for method in naive seasonal-naive drift ets arima theta; do
  "$forecast" train --method "$method" --save-model "$work/$method" --quiet
done
"$forecast" train --method lstm --cell gru "${small[@]}" --save-model "$work/gru" --quiet
"$forecast" train --method lstm --layers 2 --scaling level "${small[@]}" --save-model "$work/lstm" --quiet
for model in "$work"/*; do
  name=$(basename "$model")
  if [ -f "$model/weights.safetensors" ]; then
    { cat "$model/model.json"; printf '\0'; cat "$model/weights.safetensors"; } > "$out/$name.bin"
  else
    cat "$model/model.json" > "$out/$name.bin"
  fi
done
ls -l "$out"
