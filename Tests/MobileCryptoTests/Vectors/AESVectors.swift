// Test data copied as hex from the documents named in each clause; see AlgorithmVector.swift.

/// TS 33.401 C.1: 128-EEA2.
let eea2TestSets: [CipheringVector] = [
    .init(clause: "TS 33.401 C.1 (128-EEA2) test set 1", key: "d3c5d592327fb11c4035c6680af8c6d1", count: 0x398a59b4, bearer: 0x15, direction: 1, bitLength: 253,
          plaintext: "981ba6824c1bfb1ab485472029b71d808ce33e2cc3c0b5fc1f3de8a6dc66b1f0",
          ciphertext: "e9fed8a63d155304d71df20bf3e82214b20ed7dad2f233dc3c22d7bdeeed8e78"),
    .init(clause: "TS 33.401 C.1 (128-EEA2) test set 2", key: "2bd6459f82c440e0952c49104805ff48", count: 0xc675a64b, bearer: 0x0c, direction: 1, bitLength: 798,
          plaintext: """
            7ec61272743bf1614726446a6c38ced166f6ca76eb5430044286346cef130f92922b03450d3a9975e5bd2ea0eb55ad8e
            1b199e3ec4316020e9a1b285e762795359b7bdfd39bef4b2484583d5afe082aee638bf5fd5a606193901a08f4ab41aab
            9b134880
            """,
          ciphertext: """
            5961605353c64bdca15b195e288553a910632506d6200aa790c4c806c99904cf2445cc50bb1cf168a49673734e081b57
            e324ce5259c0e78d4cd97b870976503c0943f2cb5ae8f052c7b7d392239587b8956086bcab18836042e2e6ce42432a17
            105c53d0
            """),
    .init(clause: "TS 33.401 C.1 (128-EEA2) test set 3", key: "0a8b6bd8d9b08b08d64e32d1817777fb", count: 0x544d49cd, bearer: 0x04, direction: 0, bitLength: 310,
          plaintext: """
            fd40a41d370a1f65745095687d47ba1d36d2349e23f644392c8ea9c49d40c13271aff264d0f248
            """,
          ciphertext: """
            75750d37b4bba2a4dedb34235bd68c6645acdaaca48138a3b0c471e2a7041a576423d2927287f0
            """),
    .init(clause: "TS 33.401 C.1 (128-EEA2) test set 4", key: "aa1f95aea533bcb32eb63bf52d8f831a", count: 0x72d8c671, bearer: 0x10, direction: 1, bitLength: 1022,
          plaintext: """
            fb1b96c5c8badfb2e8e8edfde78e57f2ad81e74103fc430a534dcc37afcec70e1517bb06f27219dae49022ddc47a068d
            e4c9496a951a6b09edbdc864c7adbd740ac50c022f3082bafd22d78197c5d508b977bca13f32e652e74ba728576077ce
            628c535e87dc6077ba07d29068590c8cb5f1088e082cfa0ec961302d69cf3d44
            """,
          ciphertext: """
            dfb440acb3773549efc04628aeb8d8156275230bdc690d94b00d8d95f28c4b56307f60f4ca55eba661ebba72ac808fa8
            c49e26788ed04a5d606cb418de74878b9a22f8ef29590bc4eb57c9faf7c41524a885b8979c423f2f8f8e0592a9879201
            be7ff9777a162ab810feb324ba74c4c156e04d39097209653ac33e5a5f2d8864
            """),
    .init(clause: "TS 33.401 C.1 (128-EEA2) test set 5", key: "9618ae46891f86578eebe90ef7a1202e", count: 0xc675a64b, bearer: 0x0c, direction: 1, bitLength: 1245,
          plaintext: """
            8daa17b1ae050529c6827f28c0ef6a1242e93f8b314fb18a77f790ae049fedd612267fecaefc450174d76d9f9aa7755a
            30cd90a9a5874bf48eaf70eea3a62a250a8b6bd8d9b08b08d64e32d1817777fb544d49cd49720e219dbf8bbed33904e1
            fd40a41d370a1f65745095687d47ba1d36d2349e23f644392c8ea9c49d40c13271aff264d0f24841d6465f0996ff84e6
            5fc517c53efc3363c38492a8
            """,
          ciphertext: """
            919c8c33d66789703d05a0d7ce82a2aeac4ee76c0f4da050335e8a84e7897ba5df2f36bd513e3d0c8578c7a0fcf043e0
            3aa3a39fbaad7d15be074faa5d9029f71fb457b647834714b0e18f117fca10677945096c8c5f326ba8d6095eb29c3e36
            cf245d1622aafe921f7566c4f5d644f2f1fc0ec684ddb21349747622e209295d27ff3f95623371d49b147c0af486171f
            22cd04b1cbeb2658223e6938
            """),
    .init(clause: "TS 33.401 C.1 (128-EEA2) test set 6", key: "54f4e2e04c83786eec8fb5abe8e36566", count: 0xaca4f50f, bearer: 0x0b, direction: 0, bitLength: 3861,
          plaintext: """
            40981ba6824c1bfb4286b299783daf442c099f7ab0f58d5c8e46b104f08f01b41ab485472029b71d36bd1a3d90dc3a41
            b46d51672ac4c9663a2be063da4bc8d2808ce33e2cccbfc634e1b259060876a0fbb5a437ebcc8d31c19e4454318745e3
            fa16bb11adae248879fe52db2543e53cf445d3d828ce0bf5c560593d97278a59762dd0c2c9cd68d4496a792508614014
            b13b6aa51128c18cd6a90b87978c2ff1cabe7d9f898a411bfdb84f68f6727b1499cdd30df0443ab4a66653330bcba110
            5e4cec034c73e605b4310eaaadcfd5b0ca27ffd89d144df4792759427c9cc1f8cd8c87202364b8a687954cb05a8d4e2d
            99e73db160deb180ad0841e96741a5d59fe4189f15420026fe4cd12104932fb38f735340438aaf7eca6fd5cfd3a195ce
            5abe65272af607ada1be65a6b4c9c0693234092c4d018f1756c6db9dc8a6d80b888138616b681262f954d0e771174878
            0d92291d86299972db741cfa4f37b8b56cdb18a7ca8218e86e4b4b716a4d04371fbec262fc5ad0b3819b187b97e55b1a
            4d7c19ee24c8b4d7723cfedf045b8acae4869517d80e50615d9035d5d9c5a40af602280b542597b0cb18619eeb359257
            59d195e100e8e4aa0c38a3c2abe0f3d8ff04f3c33c295069c23694b5bbeacdd542e28e8a94edb9119f412d054be1fa72
            00b09000
            """,
          ciphertext: """
            5cb72c6edc878f1566e10253afc364c9fa540d914db94cbee275d0917ca6af0d77acb4ef3bbe1a722b2ef5bd1d4b8e2a
            a5024ec1388a201e7bce7920aec615895f763a5564dcc4c482a2ee1d8bfecc4498eca83fbb75f9ab530e0dafbede2fa5
            895b82991b6277c529e0f2529d7f79606be96706296dedfa9d7412b616958cb563c678c02825c30d0aee77c4c146d276
            5412421a808d13cec819694c75ad572e9b973d948b81a9337c3b2a17192e22c2069f7ed1162af44cdea817603665e807
            ce40c8e0dd9d6394dc6e31153fe1955c47afb51f2617ee0c5e3b8ef1ad7574ed343edc2743cc94c990e1f1fd264253c1
            78dea739c0befeebcd9f9b76d49c1015c9fecf50e53b8b5204dbcd3eed863855dabcdcc94b31e318021568855c8b9e52
            a981957a112827f978ba960f1447911b317b5511fbcc7fb13ac153db74251117e4861eb9e83bffffc4eb7755579038e5
            7924b1f78b3e1ad90bab2a07871b72db5eef96c334044966db0c37cafd1a89e5646a3580eb6465f121dce9cb88d85b96
            cf23ccccd4280767bee8eeb23d8652461db6493103003baf89f5e18261ea43c84a92ebffffe4909dc46c5192f825f770
            600b9602c557b5f8b431a79d45977dd9c41b863da9e142e90020cfd074d6927b7ab3b6725d1a6f3f98b9c9daa8982aff
            06782800
            """),
]

/// TS 33.401 C.2: 128-EIA2 (sets 1, 3, 4, 6 and 7 end inside an octet).
let eia2TestSets: [IntegrityVector] = [
    .init(clause: "TS 33.401 C.2 (128-EIA2) test set 1", key: "2bd6459f82c5b300952c49104881ff48", count: 0x38a6f056, bearer: 0x18, direction: 0, bitLength: 58,
          message: "3332346263393840", mac: 0x118c6eb8),
    .init(clause: "TS 33.401 C.2 (128-EIA2) test set 2", key: "d3c5d592327fb11c4035c6680af8c6d1", count: 0x398a59b4, bearer: 0x1a, direction: 1, bitLength: 64,
          message: "484583d5afe082ae", mac: 0xb93787e6),
    .init(clause: "TS 33.401 C.2 (128-EIA2) test set 3", key: "7e5e94431e11d73828d739cc6ced4573", count: 0x36af6144, bearer: 0x18, direction: 1, bitLength: 254,
          message: "b3d3c9170a4e1632f60f861013d22d84b726b6a278d802d1eeaf1321ba5929dc", mac: 0x1f60b01d),
    .init(clause: "TS 33.401 C.2 (128-EIA2) test set 4", key: "d3419be821087acd02123a9248033359", count: 0xc7590ea9, bearer: 0x17, direction: 0, bitLength: 511,
          message: """
            bbb057038809496bcff86d6fbc8ce5b135a06b166054f2d565be8ace75dc851e0bcdd8f07141c495872fb5d8c0c66a8b
            6da556663e4e461205d84580bee5bc7e
            """, mac: 0x6846a2f0),
    .init(clause: "TS 33.401 C.2 (128-EIA2) test set 5", key: "83fd23a244a74cf358da3019f1722635", count: 0x36af6144, bearer: 0x0f, direction: 1, bitLength: 768,
          message: """
            35c68716633c66fb750c266865d53c11ea05b1e9fa49c8398d48e1efa5909d3947902837f5ae96d5a05bc8d61ca8dbef
            1b13a4b4abfe4fb1006045b674bb54729304c382be53a5af05556176f6eaa2ef1d05e4b083181ee674cda5a485f74d7a
            """, mac: 0xe657e182),
    .init(clause: "TS 33.401 C.2 (128-EIA2) test set 6", key: "6832a65cff4473621ebdd4ba26a921fe", count: 0x36af6144, bearer: 0x18, direction: 0, bitLength: 383,
          message: """
            d3c53839626820717765667620323837636240981ba6824c1bfb1ab485472029b71d808ce33e2cc3c0b5fc1f3de8a6dc
            """, mac: 0xf0668c1e),
    .init(clause: "TS 33.401 C.2 (128-EIA2) test set 7", key: "5d0a80d8134ae19677824b671e838af4", count: 0x7827fab2, bearer: 0x05, direction: 1, bitLength: 2558,
          message: message2558, mac: 0xf4cc8fa3),
    .init(clause: "TS 33.401 C.2 (128-EIA2) test set 8", key: "b3120ffdb2cf6af4e73eaf2ef4ebec69", count: 0x296f393c, bearer: 0x0b, direction: 1, bitLength: 16448,
          message: message16448, mac: 0xebd5ccb0),
]
