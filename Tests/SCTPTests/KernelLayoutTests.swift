import CLibsctp
@testable import SCTP
import Testing

/// The kernel backend cannot run here, but what it hands the kernel can be checked: the layouts
/// Swift imports for <linux/sctp.h> (one of them packed) against the sizes and offsets gcc gives
/// for the same header on Linux x86_64, and the constants the notification parser compares with.
@Suite struct KernelLayoutTests {
    @Test func socketOptionStructsMatchTheKernelABI() {
        #expect(MemoryLayout<linux_sctp_paddrparams>.size == 156)
        #expect(MemoryLayout<linux_sctp_paddrparams>.offset(of: \.spp_hbinterval) == 132)
        #expect(MemoryLayout<linux_sctp_paddrparams>.offset(of: \.spp_flags) == 146)
        #expect(MemoryLayout<linux_sctp_assocparams>.size == 20)
        #expect(MemoryLayout<linux_sctp_assocparams>.offset(of: \.sasoc_asocmaxrxt) == 4)
        #expect(MemoryLayout<linux_sctp_rtoinfo>.size == 16)
        #expect(MemoryLayout<linux_sctp_initmsg>.size == 8)
        #expect(MemoryLayout<linux_sctp_event_subscribe>.offset(of: \.linux_sctp_shutdown_event) == 5)
        #expect(MemoryLayout<sctp_sndrcvinfo>.size == 32)
    }

    @Test func notificationLayoutsAndConstants() {
        #expect(MemoryLayout<linux_sctp_paddr_change>.offset(of: \.spc_aaddr) == 8)
        #expect(MemoryLayout<linux_sctp_paddr_change>.offset(of: \.spc_state) == 136)
        #expect(MemoryLayout<linux_sctp_assoc_change>.offset(of: \.sac_state) == 8)
        #expect(MemoryLayout<linux_sctp_assoc_change>.offset(of: \.sac_inbound_streams) == 14)
        #expect(MemoryLayout<linux_sctp_remote_error>.offset(of: \.sre_error) == 8)
        #expect(SCTP_ASSOC_CHANGE.rawValue == 0x8001)
        #expect(SCTP_PEER_ADDR_CHANGE.rawValue == 0x8002)
        #expect(SCTP_REMOTE_ERROR.rawValue == 0x8004)
        #expect(SCTP_SHUTDOWN_EVENT.rawValue == 0x8005)
        #expect(SCTP_COMM_UP.rawValue == 0)
        #expect(MSG_NOTIFICATION.rawValue == 0x8000)
        #expect(SCTP_UNORDERED.rawValue == 1)
    }

    /// The kernel's numbering (types from 0x8001, states from 0) through the kernel parser.
    @Test func kernelNotificationsParse() {
        var change: [UInt8] = [0x01, 0x80, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 2, 0, 3, 0, 1, 0, 0, 0]
        #expect(change.withUnsafeBytes { KernelNotifications.parse($0) } == .up(inboundStreams: 3, outboundStreams: 2))
        change[8] = 1  // SCTP_COMM_LOST
        change[10] = 12
        #expect(change.withUnsafeBytes { KernelNotifications.parse($0) } == .lost(cause: 12))
        var address = [UInt8](repeating: 0, count: 148)
        address[0] = 0x02; address[1] = 0x80  // SCTP_PEER_ADDR_CHANGE
        address[8] = 2  // AF_INET
        address[10] = 0x8E; address[11] = 0x3C
        address[12...15] = [127, 0, 0, 1]
        address[136] = 0  // SCTP_ADDR_AVAILABLE
        #expect(address.withUnsafeBytes { KernelNotifications.parse($0) }
            == .peerAddressChanged(address: SCTPPeerAddress(host: "127.0.0.1", port: 36412), state: .available))
        #expect([UInt8]([0x01, 0x80, 0, 0]).withUnsafeBytes { KernelNotifications.parse($0) } == nil)
    }
}
