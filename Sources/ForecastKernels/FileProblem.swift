import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain words for why a file operation failed, shared by the modules that read and write files:
/// "the disk is full" rather than Foundation's "(NSCocoaErrorDomain error 512.)" or "There isn’t
/// enough space..".
package enum FileProblem {
  /// Why `error`, thrown by a file operation, happened: from its POSIX error number when it has
  /// one (its own, or an underlying error's), else from Foundation's file error codes.
  package static func describe(_ error: any Error) -> String {
    if let code = posixCode(of: error as NSError) { return describe(errno: code) }
    switch (error as NSError).domain == NSCocoaErrorDomain ? CocoaError.Code(rawValue: (error as NSError).code) : nil {
    case CocoaError.fileWriteOutOfSpace?: return describe(errno: ENOSPC)
    case CocoaError.fileWriteVolumeReadOnly?: return describe(errno: EROFS)
    case CocoaError.fileWriteNoPermission?, CocoaError.fileReadNoPermission?: return describe(errno: EACCES)
    case CocoaError.fileNoSuchFile?, CocoaError.fileReadNoSuchFile?: return describe(errno: ENOENT)
    default: return "the system refused (error \((error as NSError).code))"
    }
  }

  /// Plain words for a POSIX error number.
  package static func describe(errno code: Int32) -> String {
    switch code {
    case ENOSPC: return "the disk is full (no space left on the device)"
    case EDQUOT: return "the disk quota is used up"
    case EROFS: return "the file system is read-only"
    case EACCES, EPERM: return "permission denied"
    case ENOENT: return "a folder on the way does not exist"
    case ENOTDIR: return "a part of the path is a file, not a folder"
    case EISDIR: return "it is a folder, not a file"
    case ENAMETOOLONG: return "the name is too long"
    case EIO: return "an input/output error on the device"
    default: return String(cString: strerror(code)).lowercased()
    }
  }

  /// The POSIX error number of `error` or of the errors under it.
  private static func posixCode(of error: NSError) -> Int32? {
    if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError { return posixCode(of: underlying) }
    return nil
  }
}
