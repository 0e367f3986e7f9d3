"""Runs the cluster recipes in deploy/ on this machine, as their engines would, and checks that
the merged output is byte for byte the output of one unsharded run:

- the Kubernetes Indexed Job (deploy/kubernetes/forecast-job.yaml): its container's shell command
  once per completion index, with the environment the manifest and the Job controller give it
  (JOB_COMPLETION_INDEX, JOB_COMPLETIONS, FORECAST_DATA), then merge-job.yaml's command;
- the Slurm array (deploy/slurm/forecast-array.sbatch): the script once per array task, with
  SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_MIN from its --array line,
  then merge.sbatch.

    python3 scripts/check-deploy.py .build/release/forecast [SERIES]   # SERIES: how many (default 40)

Needs numpy, pandas and PyYAML (for the series generator and the manifests).
"""
import filecmp
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

root = Path(__file__).resolve().parent.parent
binary = Path(sys.argv[1]).resolve()
count = sys.argv[2] if len(sys.argv) > 2 else "40"
files = ["forecast.csv", "future.csv", "metrics.csv", "settings.json", "report.html"]


def run(command, env, shell=False):
    result = subprocess.run(command, env=env, shell=shell, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {command}\n{result.stdout}{result.stderr}")


def same(expected, found, what):
    for name in files:
        if not filecmp.cmp(expected / name, found / name, shallow=False):
            sys.exit(f"{what}: {name} differs from the unsharded run's")
    print(f"{what}: the merged output equals the unsharded run's ({', '.join(files)})")


with tempfile.TemporaryDirectory() as temporary:
    data = Path(temporary)
    subprocess.run([sys.executable, str(root / "scripts/make-many-series.py"), count, str(data / "series.csv")], check=True, capture_output=True)
    base = dict(os.environ, PATH=f"{binary.parent}{os.pathsep}{os.environ['PATH']}", FORECAST_DATA=str(data), HOME=temporary)
    # The unsharded run, with the recipes' own options.
    run([str(binary), "run", "--csv", str(data / "series.csv"), "--id-column", "series", "--method", "ets", "--quiet",
         "--output", str(data / "whole")], base)

    # Kubernetes: each pod's environment is the container's env plus the completion index.
    job = yaml.safe_load((root / "deploy/kubernetes/forecast-job.yaml").read_text())
    container = job["spec"]["template"]["spec"]["containers"][0]
    completions = job["spec"]["completions"]
    env = {item["name"]: item["value"] for item in container.get("env", [])}
    assert env.get("JOB_COMPLETIONS") == str(completions), "JOB_COMPLETIONS must equal .spec.completions"
    for index in range(completions):
        run(container["command"] + container["args"], {**base, **env, "FORECAST_DATA": str(data), "JOB_COMPLETION_INDEX": str(index)})
    merge = yaml.safe_load((root / "deploy/kubernetes/merge-job.yaml").read_text())["spec"]["template"]["spec"]["containers"][0]
    run(merge["command"] + merge["args"], dict(base, FORECAST_DATA=str(data)))
    same(data / "whole", data / "out/merged", f"Kubernetes Indexed Job ({completions} pods)")

    # Slurm: each task of the array, then the merge.
    subprocess.run(["rm", "-rf", str(data / "out")], check=True)
    script = root / "deploy/slurm/forecast-array.sbatch"
    first, last = map(int, re.search(r"^#SBATCH --array=(\d+)-(\d+)$", script.read_text(), re.M).groups())
    for task in range(first, last + 1):
        run(["bash", str(script)], dict(base, SLURM_ARRAY_TASK_ID=str(task), SLURM_ARRAY_TASK_COUNT=str(last - first + 1), SLURM_ARRAY_TASK_MIN=str(first)))
    run(["bash", str(root / "deploy/slurm/merge.sbatch")], base)
    same(data / "whole", data / "out/merged", f"Slurm array ({last - first + 1} tasks)")
