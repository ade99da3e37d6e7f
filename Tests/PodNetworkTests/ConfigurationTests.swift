import Foundation
import Testing
@testable import PodNetwork

@Suite struct NetworkSelectionTests {
    @Test func shortFormNamesNetworksNamespacesAndInterfaces() throws {
        let selections = try NetworkSelection.parse(" ran, other/sgi@sgi0 ,ims")
        #expect(selections == [
            NetworkSelection(name: "ran"),
            NetworkSelection(name: "sgi", namespace: "other", interface: "sgi0"),
            NetworkSelection(name: "ims"),
        ])
    }

    @Test func jsonFormCarriesStaticIPsAndMAC() throws {
        let selections = try NetworkSelection.parse("""
            [{"name":"ran","interface":"ran0","ips":["10.10.0.5/24"],"namespace":"vcore"},
             {"name":"sgi","mac":"02:00:00:00:00:01"}]
            """)
        #expect(selections == [
            NetworkSelection(name: "ran", namespace: "vcore", interface: "ran0", ips: ["10.10.0.5/24"]),
            NetworkSelection(name: "sgi", mac: "02:00:00:00:00:01"),
        ])
    }

    @Test(arguments: [
        "[{\"interface\":\"x\"}]", "[{\"name\":\"ran\",\"ips\":[\"10.0.0.300/24\"]}]", "[{\"name\":\"ran\",\"ips\":\"10.0.0.1\"}]",
        "[{\"name\":\"ran\",\"default-route\":[\"10.0.0.1\"]}]", "[{\"name\":\"ran\",\"colour\":\"red\"}]",
        "a/b/c", "Ran", "ran@", "ran@this-name-is-too-long", "ran@a,sgi@a", "[1]", "[{", "{\"name\":\"ran\"}",
        "[{\"name\":\"ran\",\"mac\":\"02:00:00:00:00\"}]",
    ])
    func malformedAnnotationsAreRefused(_ text: String) {
        #expect(throws: PodNetworkError.self) { try NetworkSelection.parse(text) }
    }

    @Test func emptyAnnotationMeansNoAdditionalNetwork() throws {
        #expect(try NetworkSelection.parse("  ").isEmpty)
    }

    @Test func requestNamesInterfacesLikeMultus() throws {
        let nads = [
            "vcore/ran": #"{"cniVersion":"0.4.0","type":"bridge","bridge":"ran0","capabilities":{"ips":true},"ipam":{"type":"static"}}"#,
            "vcore/sgi": #"{"cniVersion":"0.4.0","name":"sgi-net","type":"bridge","bridge":"sgi0","ipam":{"type":"host-local","subnet":"10.20.0.0/24"}}"#,
        ]
        let request = try PodNetworkRequest(
            namespace: "vcore", name: "pgw-1", uid: "u1", cluster: ClusterNetwork(),
            networksAnnotation: #"[{"name":"sgi"},{"name":"ran","ips":["10.10.0.5/24"]}]"#,
            resolve: { nads["\($0)/\($1)"] })
        #expect(request.attachments.map(\.interface) == ["eth0", "net1", "net2"])
        #expect(request.attachments.map(\.name) == ["vcore", "vcore/sgi", "vcore/ran"])
        #expect(request.attachments.map(\.isDefault) == [true, false, false])
        // A NAD config without a name takes the NAD's; one with a name keeps it, as with Multus.
        #expect(request.attachments[2].configuration.name == "ran")
        #expect(request.attachments[1].configuration.name == "sgi-net")
        #expect(request.attachments[2].ips == ["10.10.0.5/24"])

        #expect(throws: PodNetworkError.unknownNetwork("vcore/ims")) {
            try PodNetworkRequest(namespace: "vcore", name: "p", uid: "u", cluster: ClusterNetwork(),
                                  networksAnnotation: "ims", resolve: { nads["\($0)/\($1)"] })
        }
    }
}

@Suite struct NetworkConfigurationTests {
    @Test func pluginInputGetsOnlyDeclaredCapabilitiesAndTheIPAMDataDir() throws {
        let list = try NetworkConfiguration(json: """
            {"cniVersion":"1.0.0","name":"ran","plugins":[
              {"type":"bridge","bridge":"ran0","capabilities":{"ips":true},"ipam":{"type":"host-local","subnet":"10.10.0.0/24"}},
              {"type":"tuning","capabilities":{"mac":true,"ips":false}}]}
            """)
        #expect(list.capabilities == ["ips", "mac"])
        #expect(list.bridgeNames == ["ran0"])
        let arguments: [String: JSONValue] = ["ips": ["10.10.0.5/24"], "mac": "02:00:00:00:00:01"]
        let first = list.pluginInput(at: 0, capabilityArguments: arguments, previousResult: nil, ipamDataDir: "/d")
        #expect(first["name"] == "ran")
        #expect(first["cniVersion"] == "1.0.0")
        #expect(first["runtimeConfig"] == ["ips": ["10.10.0.5/24"]])
        #expect(first["ipam"]?["dataDir"] == "/d")
        #expect(first["prevResult"] == nil)
        let second = list.pluginInput(at: 1, capabilityArguments: arguments, previousResult: ["cniVersion": "1.0.0"], ipamDataDir: "/d")
        #expect(second["runtimeConfig"] == ["mac": "02:00:00:00:00:01"])
        #expect(second["prevResult"] == ["cniVersion": "1.0.0"])
    }

    @Test func anIPAMDataDirOfTheConfigurationStays() throws {
        let conf = try NetworkConfiguration(json: #"{"cniVersion":"0.4.0","name":"x","type":"bridge","ipam":{"type":"host-local","dataDir":"/mine"}}"#)
        #expect(conf.pluginInput(at: 0, capabilityArguments: [:], previousResult: nil, ipamDataDir: "/d")["ipam"]?["dataDir"] == "/mine")
        #expect(conf.bridgeNames == ["cni0"])
    }

    @Test(arguments: ["", "[]", #"{"name":"x","type":"bridge"}"#, #"{"cniVersion":"1.0.0","name":"x"}"#,
                      #"{"cniVersion":"1.0.0","plugins":[]}"#, #"{"cniVersion":"1.0.0","type":"../bin/sh"}"#])
    func unusableConfigurationsAreRefused(_ text: String) {
        #expect(throws: PodNetworkError.self) { try NetworkConfiguration(json: text) }
    }

    @Test func clusterNetworkIsABridgeWithHostLocalAndADefaultRoute() throws {
        let network = ClusterNetwork(bridge: "vcore0", subnet: try #require(IPv4Network("10.88.7.9/16")))
        #expect(network.subnet.description == "10.88.0.0/16")
        #expect(network.gateway.description == "10.88.0.1")
        let plugin = try #require(network.configuration.plugins.first)
        #expect(network.configuration.cniVersion == "1.0.0")
        #expect(plugin["type"] == "bridge")
        #expect(plugin["isGateway"] == true)
        #expect(plugin["ipMasq"] == false)
        #expect(plugin["ipam"]?["type"] == "host-local")
        #expect(plugin["ipam"]?["routes"] == [["dst": "0.0.0.0/0"]])
    }

    @Test func versionsCompareNumerically() {
        #expect(PodNetwork.version("1.0.0", atLeast: "0.4.0"))
        #expect(PodNetwork.version("0.4.0", atLeast: "0.4.0"))
        #expect(!PodNetwork.version("0.3.1", atLeast: "0.4.0"))
        #expect(PodNetwork.version("0.10.0", atLeast: "0.4.0"))
    }
}

@Suite struct ResultAndStatusTests {
    @Test func resultsOfEveryVersionGiveThePodInterface() throws {
        // As printed by bridge 1.1.1 for cniVersion 0.4.0 (with "version") and 1.0.0 (without).
        for text in [
            #"{"cniVersion":"0.4.0","interfaces":[{"name":"ran0","mac":"52:a3:8b:24:8c:48"},{"name":"veth38e58672","mac":"52:a3:8b:24:8c:48"},{"name":"net1","mac":"3e:57:6e:63:16:84","sandbox":"/var/run/netns/x"}],"ips":[{"version":"4","interface":2,"address":"10.78.0.5/24"}],"dns":{}}"#,
            #"{"cniVersion":"1.0.0","interfaces":[{"name":"ran0","mac":"52:a3:8b:24:8c:48"},{"name":"veth38e58672","mac":"52:a3:8b:24:8c:48"},{"name":"net1","mac":"3e:57:6e:63:16:84","sandbox":"/var/run/netns/x"}],"ips":[{"interface":2,"address":"10.78.0.5/24","gateway":"10.78.0.1"}],"dns":{}}"#,
        ] {
            let result = try CNIResult(try #require(JSONValue(parsing: text)))
            let (mac, ips) = result.podInterface(named: "net1")
            #expect(mac == "3e:57:6e:63:16:84")
            #expect(ips.map(\.ip) == ["10.78.0.5"])
        }
    }

    @Test func networkStatusIsWrittenAsMultusWritesIt() throws {
        let statuses = [
            NetworkStatus(name: "vcore", interface: "eth0", ips: ["10.88.0.5"], mac: "0a:58:0a:58:00:05", isDefault: true),
            NetworkStatus(name: "vcore/ran", interface: "net1", ips: ["10.10.0.5"], mac: "0a:58:0a:0a:00:05", isDefault: false),
        ]
        let text = NetworkStatus.annotationValue(statuses)
        let parsed = try #require(JSONValue(parsing: text)?.arrayValue)
        #expect(parsed[0] == ["name": "vcore", "interface": "eth0", "ips": ["10.88.0.5"], "mac": "0a:58:0a:58:00:05",
                              "default": true, "dns": [:]])
        // "default" appears only when true, as Go's omitempty leaves it.
        #expect(parsed[1] == ["name": "vcore/ran", "interface": "net1", "ips": ["10.10.0.5"], "mac": "0a:58:0a:0a:00:05", "dns": [:]])
        #expect(try NetworkStatus.parseAnnotation(text) == statuses)
    }
}
