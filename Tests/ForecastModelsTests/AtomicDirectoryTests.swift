import Dispatch
import Foundation
import Testing
@testable import ForecastModels

#if canImport(Glibc)
import Glibc
#endif

/// Directories written whole and exclusively: what a reader finds after a failure, a killed
/// writer or concurrent writers is the old directory or the new one, and nothing else is left.
@Suite("directories written whole")
struct AtomicDirectoryTests {
  /// Writes files `a` and `b`, both holding `text`, as the directory `target`.
  static func write(_ text: String, to target: URL) throws {
    try AtomicDirectory.write(to: target, refusal: { _ in nil }) { folder in
      try Data(text.utf8).write(to: folder.appendingPathComponent("a"))
      try Data(text.utf8).write(to: folder.appendingPathComponent("b"))
    }
  }

  /// The files of `directory` and their contents.
  static func contents(_ directory: URL) -> [String: String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return Dictionary(uniqueKeysWithValues: names.map { name in
      (name, (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? "<folder>")
    })
  }

  static func entries(_ folder: URL) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() }

  @Test("a new directory replaces the old one whole, and nothing else is left in the parent")
  func replaces() throws {
    let parent = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: parent) }
    let target = parent.appendingPathComponent("model")
    try Self.write("old", to: target)
    try Data("stale".utf8).write(to: target.appendingPathComponent("c"))
    try Self.write("new", to: target)
    #expect(Self.contents(target) == ["a": "new", "b": "new"])
    #expect(Self.entries(parent) == ["model"])
  }

  @Test("a full disk while writing leaves the old directory untouched, says so plainly, and leaves nothing behind")
  func fullDisk() throws {
    let parent = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: parent) }
    let target = parent.appendingPathComponent("model")
    try Self.write("old", to: target)
    #expect(throws: AtomicDirectory.Failure(path: target.path, problem: "cannot be written: the disk is full (no space left on the device)")) {
      try AtomicDirectory.write(to: target, refusal: { _ in nil }) { folder in
        try Data("new".utf8).write(to: folder.appendingPathComponent("a"))
        try Data("new".utf8).write(to: URL(fileURLWithPath: "/dev/full"))  // ENOSPC, as a full disk gives
      }
    }
    #expect(Self.contents(target) == ["a": "old", "b": "old"])
    #expect(Self.entries(parent) == ["model"])
  }

  @Test("what killed writers left is cleaned by the next writer; an old directory renamed aside is put back first")
  func recovery() throws {
    let parent = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: parent) }
    let target = parent.appendingPathComponent("model")
    try Self.write("old", to: target)
    // A writer killed while filling its staging folder, and one killed between renaming the old
    // directory aside and renaming its new one in (the directory itself is then missing).
    let staging = parent.appendingPathComponent(".model.new-killed")
    try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
    try Data("half".utf8).write(to: staging.appendingPathComponent("a"))
    try FileManager.default.moveItem(at: target, to: parent.appendingPathComponent(".model.old-killed"))
    // The next writer fails before it writes anything, yet the old directory is back whole.
    #expect(throws: AtomicDirectory.Failure.self) {
      try AtomicDirectory.write(to: target, refusal: { _ in nil }) { _ in throw AtomicDirectory.Failure(path: "x", problem: "stopped") }
    }
    #expect(Self.contents(target) == ["a": "old", "b": "old"])
    #expect(Self.entries(parent) == ["model"])
  }

  @Test("concurrent writers take turns: the directory ends whole, as one of them wrote it")
  func concurrent() throws {
    let parent = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: parent) }
    let target = parent.appendingPathComponent("model")
    let failures = Failures()
    DispatchQueue.concurrentPerform(iterations: 8) { writer in
      for round in 0..<5 {
        do { try Self.write("writer \(writer) round \(round)", to: target) } catch { failures.add("\(error)") }
      }
    }
    #expect(failures.all.isEmpty, "\(failures.all)")
    let contents = Self.contents(target)
    #expect(contents.keys.sorted() == ["a", "b"] && contents["a"] == contents["b"], "\(contents)")
    #expect(Self.entries(parent) == ["model"])
  }

  @Test("a writer waits while another holds the lock on the parent folder")
  func waits() throws {
    let parent = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: parent) }
    let holder = open(parent.path, O_RDONLY | O_DIRECTORY)
    #expect(flock(holder, LOCK_EX) == 0)
    let done = Failures()
    let thread = Thread {
      do { try Self.write("new", to: parent.appendingPathComponent("model")) } catch { done.add("\(error)") }
      done.add("finished")
    }
    thread.start()
    usleep(300_000)
    #expect(done.all.isEmpty && !FileManager.default.fileExists(atPath: parent.appendingPathComponent("model").path))
    flock(holder, LOCK_UN)
    close(holder)
    for _ in 0..<200 where done.all.isEmpty { usleep(20_000) }
    #expect(done.all == ["finished"])
    #expect(Self.contents(parent.appendingPathComponent("model")) == ["a": "new", "b": "new"])
  }

  @Test("paths that name no folder, files, and folders the caller refuses are never replaced")
  func refusals() throws {
    let parent = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: parent) }
    let file = parent.appendingPathComponent("file")
    try Data("x".utf8).write(to: file)
    #expect(throws: AtomicDirectory.Failure(path: file.path, problem: "exists and is a file, not a folder")) { try Self.write("new", to: file) }
    #expect(throws: AtomicDirectory.Failure(path: file.path, problem: "is a file, so the folder sub cannot be created inside it")) {
      try AtomicDirectory.check(file.appendingPathComponent("sub"), refusal: { _ in nil })
    }
    for path in ["/", parent.path + "/.", parent.path + "/.."] {
      #expect(throws: AtomicDirectory.Failure.self) { try Self.write("new", to: URL(fileURLWithPath: path)) }
    }
    let user = parent.appendingPathComponent("user")
    try FileManager.default.createDirectory(at: user, withIntermediateDirectories: false)
    try Data("mine".utf8).write(to: user.appendingPathComponent("notes.txt"))
    #expect(throws: AtomicDirectory.Failure(path: user.path, problem: "no")) {
      try AtomicDirectory.write(to: user, refusal: { $0.contains("notes.txt") ? "no" : nil }) { _ in }
    }
    #expect(Self.contents(user) == ["notes.txt": "mine"])
  }

  @Test("a reader whose directory is replaced while it reads reads again: it returns the new one whole, never a mix")
  func readerRetries() throws {
    let target = temporaryDirectory().appendingPathComponent("model")
    try Self.write("old", to: target)
    var calls = 0
    let read = try AtomicDirectory.read(target) { () throws -> String in
      calls += 1
      let a = try String(contentsOf: target.appendingPathComponent("a"), encoding: .utf8)
      // A writer replaces the directory between the reader's two files, once.
      if calls == 1 { try Self.write("new", to: target) }
      let b = try String(contentsOf: target.appendingPathComponent("b"), encoding: .utf8)
      return a + b
    }
    #expect(read == "newnew" && calls == 2)
    // Unchanged, it reads once; a failure on an unchanged directory is the reader's answer.
    calls = 0
    #expect(try AtomicDirectory.read(target) { calls += 1; return calls } == 1)
    #expect(throws: CocoaError.self) { try AtomicDirectory.read(target) { try String(contentsOf: target.appendingPathComponent("c"), encoding: .utf8) } }
  }
}

/// Strings collected from several threads.
final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [String] = []
  func add(_ item: String) { lock.withLock { items.append(item) } }
  var all: [String] { lock.withLock { items } }
}
