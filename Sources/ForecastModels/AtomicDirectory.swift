import Foundation
import ForecastKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a directory whole and exclusively: its files go into a sibling staging folder, which
/// then takes the directory's place in one step, so a reader finds the old directory or the new
/// one — never a mix, never nothing — whenever the writer is killed, the disk fills or another
/// writer runs at the same time (the atomic commits of SQLite and git, for a folder).
///
/// - The swap is Linux's `renameat2(RENAME_EXCHANGE)` (macOS: `renamex_np(RENAME_SWAP)`), which
///   exchanges the two folders atomically; where the file system lacks it, the old folder is
///   renamed aside first, and a writer killed between the two renames is recovered by the next.
/// - Writers of the same parent folder take turns through an exclusive `flock` on that folder, held
///   from the cleanup through the swap; the lock dies with its process, so a killed writer never
///   blocks the next one, and a writer that waits too long fails with a message.
/// - The next writer removes what killed writers left behind (`.NAME.new-…`, `.NAME.old-…`).
///
/// Used by `ModelDirectory` for model directories and by the command line for a run's output folder.
package enum AtomicDirectory {
  /// Why a directory could not be written: the path and what is wrong, in plain words.
  package struct Failure: Error, Sendable, Equatable {
    /// The directory, or the file or folder that stood in the way.
    package var path: String
    /// What went wrong and what to do.
    package var problem: String
  }

  /// How long a writer waits for another writer of the same parent folder before failing.
  package static let lockTimeout: Duration = .seconds(120)

  /// The checks `write` makes before anything else, for callers that want to fail before long
  /// work: the path names a folder that can be created or replaced. `refusal` says why an
  /// existing folder, given its entries, must not be replaced (nil: it may be).
  /// - Throws: `Failure` naming the path and the problem.
  package static func check(_ target: URL, refusal: ([String]) -> String?) throws(Failure) {
    let (_, name) = try split(target)
    let path = target.path
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw Failure(path: path, problem: "exists and is a file, not a folder") }
      let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      if let reason = refusal(entries) { throw Failure(path: path, problem: reason) }
    } else if let blocker = nearestExisting(above: target), !blocker.isDirectory {
      throw Failure(path: blocker.path, problem: "is a file, so the folder \(name) cannot be created inside it")
    }
  }

  /// Fills a new folder through `fill` and puts it at `target`, replacing what was there.
  /// - Parameters:
  ///   - target: the directory to write.
  ///   - refusal: why an existing folder, given its entries, must not be replaced; nil when it may.
  ///   - fill: writes the directory's contents into the folder it is given.
  /// - Throws: `Failure` when the path cannot hold the folder, another writer holds the lock past
  ///   `lockTimeout`, or writing fails (the old directory is then untouched and nothing is left
  ///   behind); what `fill` throws, after cleaning up, when it is not a file error.
  package static func write(to target: URL, refusal: ([String]) -> String?, _ fill: (URL) throws -> Void) throws {
    let (parent, name) = try split(target)
    let manager = FileManager.default
    do { try manager.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
      throw Failure(path: parent.path, problem: "cannot be created: \(FileProblem.describe(error))")
    }
    let lock = try Lock(parent)
    defer { lock.release() }
    try recover(name, in: parent)
    try check(target, refusal: refusal)
    let staging = parent.appendingPathComponent(".\(name).new-\(UUID().uuidString)")
    do {
      try manager.createDirectory(at: staging, withIntermediateDirectories: false)
      try fill(staging)
    } catch {
      try? manager.removeItem(at: staging)
      if let failure = error as? Failure { throw failure }
      if (error as NSError).domain == NSCocoaErrorDomain || (error as NSError).domain == NSPOSIXErrorDomain {
        throw Failure(path: target.path, problem: "cannot be written: \(FileProblem.describe(error))")
      }
      throw error
    }
    try swap(staging, into: target, parent: parent, name: name)
    lock.sync()
  }

  // MARK: Steps

  /// The parent folder and the name of `target`, refusing paths that name no folder of their own
  /// (`/`, `.`, `..`, an empty path).
  private static func split(_ target: URL) throws(Failure) -> (parent: URL, name: String) {
    // Checked as given, before `..` is resolved: `out/..` names the folder above, never replaced.
    let given = target.lastPathComponent
    let target = target.standardizedFileURL
    let name = target.lastPathComponent
    guard !target.path.isEmpty, target.path != "/", !name.isEmpty, ![".", ".."].contains(name), ![".", ".."].contains(given) else {
      throw Failure(path: target.path, problem: "names no folder of its own; give a path such as forecast-output")
    }
    return (target.deletingLastPathComponent(), name)
  }

  /// The nearest existing path above `url`, and whether it is a folder.
  private static func nearestExisting(above url: URL) -> (path: String, isDirectory: Bool)? {
    var ancestor = url.standardizedFileURL.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
      guard ancestor.path != "/" else { return nil }
      ancestor = ancestor.deletingLastPathComponent()
    }
    return (ancestor.path, isDirectory.boolValue)
  }

  /// Removes what writers of `name` killed mid-way left in `parent`: staging folders, and an old
  /// folder renamed aside — put back first when the swap it began never finished.
  private static func recover(_ name: String, in parent: URL) throws(Failure) {
    let manager = FileManager.default
    let entries = (try? manager.contentsOfDirectory(atPath: parent.path)) ?? []
    let target = parent.appendingPathComponent(name)
    for entry in entries.sorted() where entry.hasPrefix(".\(name).old-") {
      let aside = parent.appendingPathComponent(entry)
      if !manager.fileExists(atPath: target.path) {
        do { try manager.moveItem(at: aside, to: target) } catch {
          throw Failure(path: target.path, problem: "was left renamed aside as \(entry) by a writer that stopped, and cannot be put back: \(FileProblem.describe(error))")
        }
      } else {
        try? manager.removeItem(at: aside)
      }
    }
    for entry in entries where entry.hasPrefix(".\(name).new-") {
      try? manager.removeItem(at: parent.appendingPathComponent(entry))
    }
  }

  /// Puts the folder `staging` at `target` in one step and removes what `target` held.
  private static func swap(_ staging: URL, into target: URL, parent: URL, name: String) throws(Failure) {
    let manager = FileManager.default
    var status = stat()
    let exists = lstat(target.path, &status) == 0
    if !exists {
      guard rename(staging.path, target.path) == 0 else {
        let code = errno
        try? manager.removeItem(at: staging)
        throw Failure(path: target.path, problem: "cannot be written: \(FileProblem.describe(errno: code))")
      }
      return
    }
    if exchange(staging.path, target.path) {
      // `staging` now holds the old directory.
      try? manager.removeItem(at: staging)
      return
    }
    // No atomic exchange here: rename the old folder aside, then the new one in; a writer killed
    // between the two is recovered by `recover`.
    let aside = parent.appendingPathComponent(".\(name).old-\(UUID().uuidString)")
    guard rename(target.path, aside.path) == 0 else {
      let code = errno
      try? manager.removeItem(at: staging)
      throw Failure(path: target.path, problem: "cannot be replaced: \(FileProblem.describe(errno: code))")
    }
    guard rename(staging.path, target.path) == 0 else {
      let code = errno
      _ = rename(aside.path, target.path)
      try? manager.removeItem(at: staging)
      throw Failure(path: target.path, problem: "cannot be replaced: \(FileProblem.describe(errno: code))")
    }
    try? manager.removeItem(at: aside)
  }

  /// Exchanges the two paths atomically; false when the system or the file system cannot.
  private static func exchange(_ a: String, _ b: String) -> Bool {
    #if os(Linux)
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    guard let symbol = renameat2Symbol else { return false }
    let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE, linux/fs.h
    return unsafeBitCast(symbol, to: RenameAt2.self)(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    #elseif canImport(Darwin)
    return renamex_np(a, b, UInt32(RENAME_SWAP)) == 0
    #else
    return false
    #endif
  }

  #if os(Linux)
  /// glibc's `renameat2` (2.28 and later), which Swift's Glibc module does not declare.
  nonisolated(unsafe) private static let renameat2Symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
  #endif

  // MARK: Reading

  /// Reads the directory at `target` through `body` as one whole: when a writer swapped it while
  /// `body` read (the device and inode found at the path changed), `body` runs again on the new
  /// one, up to 10 times. Readers take no lock, so a writer never waits for them, and a reader
  /// never returns what it pieced together from two directories.
  /// - Throws: what `body` throws on a directory that stayed the same.
  package static func read<T>(_ target: URL, _ body: () throws -> T) throws -> T {
    func identity() -> [UInt64]? {
      var info = stat()
      guard stat(target.path, &info) == 0 else { return nil }
      return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }
    for _ in 1..<10 {
      let before = identity()
      let value: T
      do { value = try body() } catch {
        if identity() == before { throw error }
        continue
      }
      if identity() == before { return value }
    }
    return try body()
  }

  // MARK: Lock

  /// An exclusive `flock` on a folder, held by an open descriptor of it.
  private struct Lock {
    let descriptor: Int32
    let path: String

    /// Waits for the lock on `folder`, up to `lockTimeout`.
    init(_ folder: URL) throws(Failure) {
      path = folder.path
      descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      guard descriptor >= 0 else {
        throw Failure(path: path, problem: "cannot be opened to lock it: \(FileProblem.describe(errno: errno))")
      }
      let deadline = ContinuousClock.now + AtomicDirectory.lockTimeout
      while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
        let code = errno
        guard code == EWOULDBLOCK || code == EINTR else {
          close(descriptor)
          throw Failure(path: path, problem: "cannot be locked: \(FileProblem.describe(errno: code))")
        }
        guard ContinuousClock.now < deadline else {
          close(descriptor)
          throw Failure(
            path: path,
            problem: "is locked by another forecast writing into it, for more than \(AtomicDirectory.lockTimeout.components.seconds) s; wait for it to finish, or stop it")
        }
        usleep(20_000)
      }
    }

    /// Makes the swap durable (the folder's entries on disk).
    func sync() { _ = fsync(descriptor) }

    func release() {
      _ = flock(descriptor, LOCK_UN)
      close(descriptor)
    }
  }
}
