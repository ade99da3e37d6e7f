import Testing
import OrchestratorAPI

struct SysctlTests {
    @Test(arguments: ["net.ipv4.ip_forward", "net/ipv4/conf/all/rp_filter", "kernel.shmmax", "kernel.sem", "fs.mqueue.msg_max",
                      "net.ipv4.conf.eth0.forwarding"])
    func namespacedSysctlsAreAllowed(_ name: String) {
        #expect(PodSecurityContext.isNamespaced(name))
    }

    @Test(arguments: ["vm.swappiness", "kernel.panic", "net", "net..ipv4", "net/../../vm/swappiness", "net.ipv4.ip_forward ", "Net.ipv4.x", ""])
    func othersAndMalformedNamesAreRefused(_ name: String) {
        #expect(!PodSecurityContext.isNamespaced(name))
    }
}
