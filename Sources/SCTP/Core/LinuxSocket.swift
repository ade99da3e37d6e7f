/// Linux socket constants that glibc declares as enumerators (SOCK_STREAM, MSG_EOR, SHUT_WR,
/// IPPROTO_SCTP...). The C modules of this target (CUsrsctp, CLibsctp) each include glibc's headers
/// textually; clang merges the copies and Swift then finds such an enumerator only in whichever
/// module it was merged into, so which files compiled changed from build to build. The values are
/// Linux's ABI (<bits/socket_type.h>, <bits/socket.h>, <sys/socket.h>, <netinet/in.h>); the test
/// target checks them against glibc.
enum LinuxSocket {
    static let stream: Int32 = 1               // SOCK_STREAM
    static let datagram: Int32 = 2             // SOCK_DGRAM
    static let raw: Int32 = 3                  // SOCK_RAW
    static let nonBlocking: Int32 = 0o4000     // SOCK_NONBLOCK
    static let closeOnExec: Int32 = 0o2000000  // SOCK_CLOEXEC
    static let endOfRecord: Int32 = 0x80       // MSG_EOR
    static let shutWrite: Int32 = 1            // SHUT_WR
    /// SCTP's IP protocol number (IANA), also its socket option level (IPPROTO_SCTP, SOL_SCTP).
    static let sctp: Int32 = 132
}
