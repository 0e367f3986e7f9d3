/// What `fit` reports at the end of an epoch, as the `logs` dict of a Keras callback.
public struct EpochLogs: Sendable, Equatable {
  /// The epoch's mean training loss.
  public var loss: Float
  /// The loss on the validation data, when there is any.
  public var validationLoss: Float?

  /// The value Keras names `monitor` (`"loss"` or `"val_loss"`), or nil when absent.
  public func value(of monitor: String) -> Float? {
    switch monitor {
    case "loss": loss
    case "val_loss": validationLoss
    default: nil
    }
  }
}

/// Hooks `fit` calls during training (Keras' `keras.callbacks.Callback`): a callback can stop
/// training after an epoch and change the weights when it ends.
public protocol Callback: AnyObject {
  /// Called once before the first epoch.
  func onTrainBegin(_ model: Sequential)
  /// Called after each epoch (`epoch` counts from 0, as in Keras) with its logs; returns whether
  /// training should stop (Keras' `model.stop_training = True`).
  func onEpochEnd(_ epoch: Int, logs: EpochLogs, model: Sequential) -> Bool
  /// Called once after the last epoch; may replace the model's weights.
  func onTrainEnd(_ model: inout Sequential)
}

/// Stops training when a monitored loss has stopped improving, as Keras'
/// `EarlyStopping(monitor:, min_delta:, patience:, restore_best_weights:, start_from_epoch:)`:
/// after `patience` epochs without an improvement of more than `minDelta`, training stops; with
/// `restoreBestWeights`, the weights of the best epoch are put back when training ends (Keras 3
/// does so whether or not training stopped early).
public final class EarlyStopping: Callback {
  /// The quantity watched: `"val_loss"` (the default) or `"loss"`.
  public let monitor: String
  /// The smallest decrease that counts as an improvement.
  public let minDelta: Float
  /// Epochs without improvement after which training stops.
  public let patience: Int
  /// Whether the best epoch's weights are restored at the end.
  public let restoreBestWeights: Bool
  /// Epochs to wait before watching at all (a warm-up).
  public let startFromEpoch: Int

  /// The epoch (from 0) training stopped at; 0 when it ran to the end.
  public private(set) var stoppedEpoch = 0
  /// The epoch (from 0) with the best monitored value.
  public private(set) var bestEpoch = 0
  /// The best monitored value seen.
  public private(set) var best: Float?
  private var wait = 0
  private var bestWeights: [Float]?

  /// An early-stopping callback with Keras' defaults (`val_loss`, no minimum delta, patience 0,
  /// no restoring).
  public init(monitor: String = "val_loss", minDelta: Float = 0, patience: Int = 0, restoreBestWeights: Bool = false, startFromEpoch: Int = 0) {
    self.monitor = monitor
    self.minDelta = abs(minDelta)
    self.patience = patience
    self.restoreBestWeights = restoreBestWeights
    self.startFromEpoch = startFromEpoch
  }

  public func onTrainBegin(_ model: Sequential) {
    (wait, stoppedEpoch, best, bestWeights, bestEpoch) = (0, 0, nil, nil, 0)
  }

  public func onEpochEnd(_ epoch: Int, logs: EpochLogs, model: Sequential) -> Bool {
    guard let current = logs.value(of: monitor), epoch >= startFromEpoch else { return false }
    if restoreBestWeights && bestWeights == nil {
      bestWeights = model.parameters
      bestEpoch = epoch
    }
    wait += 1
    // Keras: an improvement is a value below the best by more than minDelta.
    if best.map({ current + minDelta < $0 }) ?? true {
      best = current
      bestEpoch = epoch
      if restoreBestWeights { bestWeights = model.parameters }
      wait = 0
      return false
    }
    if wait >= patience && epoch > 0 {
      stoppedEpoch = epoch
      return true
    }
    return false
  }

  public func onTrainEnd(_ model: inout Sequential) {
    if let bestWeights, restoreBestWeights { model.parameters = bestWeights }
  }
}
