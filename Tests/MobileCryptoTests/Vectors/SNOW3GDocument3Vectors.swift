// Test data copied as hex from the documents named in each clause; see AlgorithmVector.swift.

/// ETSI/SAGE UEA2 & UIA2 Document 3 (TS 35.217) clause 3: the SNOW 3G generator alone. The key and
/// IV are printed k0 ‖ k1 ‖ k2 ‖ k3 and IV0 ‖ IV1 ‖ IV2 ‖ IV3; `words` maps t to z_t.
let snow3gKeystreamTestSets: [KeystreamVector] = [
    .init(clause: "TS 35.217 3.3 test set 1", key: "2bd6459f82c5b300952c49104881ff48", iv: "ea024714ad5c4d84df1f9b251c0bf45f", words: [1: 0xabee9704, 2: 0x7ac31373]),
    .init(clause: "TS 35.217 3.4 test set 2", key: "8ce33e2cc3c0b5fc1f3de8a6dc66b1f3", iv: "d3c5d592327fb11cde551988ceb2f9b7", words: [1: 0xeff8a342, 2: 0xf751480f]),
    .init(clause: "TS 35.217 3.5 test set 3", key: "4035c6680af8c6d1a8ff8667b1714013", iv: "62a540981ba6f9b74592b0e78690f71b", words: [1: 0xa8c874a9, 2: 0x7ae7c4f8]),
    .init(clause: "TS 35.217 3.6 test set 4", key: "0ded7263109cf92e3352255a140e0f76", iv: "6b68079a41a7c4c91befd79f7fdcc233",
          words: [1: 0xd712c05c, 2: 0xa937c2a6, 3: 0xeb7eaae3, 2500: 0x9c0db3aa]),
]

/// TS 35.217 clause 4: UEA2 (f8), which 128-EEA1 is. BEARER and DIRECTION as UEA2 takes them.
let uea2TestSets: [CipheringVector] = [
    .init(clause: "TS 35.217 4 (UEA2) test set 1", key: "2bd6459f82c5b300952c49104881ff48", count: 0x72a4f20f, bearer: 0x0c, direction: 1, bitLength: 798,
          plaintext: """
            7ec61272743bf1614726446a6c38ced166f6ca76eb5430044286346cef130f92922b03450d3a9975e5bd2ea0eb55ad8e
            1b199e3ec4316020e9a1b285e762795359b7bdfd39bef4b2484583d5afe082aee638bf5fd5a606193901a08f4ab41aab
            9b134880
            """,
          ciphertext: """
            8ceba62943dced3a0990b06ea1b0a2c4fb3cedc71b369f42ba64c1eb6665e72aa1c9bb0deaa20fe86058b8baee2c2e7f
            0becce48b52932a53c9d5f931a3a7c532259af4325e2a65e3084ad5f6a513b7bddc1b65f0aa0d97a053db55a88c4c4f9
            605e4140
            """),
    .init(clause: "TS 35.217 4 (UEA2) test set 2", key: "efa8b2229e720c2a7c36ea55e9605695", count: 0xe28bcf7b, bearer: 0x18, direction: 0, bitLength: 510,
          plaintext: """
            10111231e060253a43fd3f57e37607ab2827b599b6b1bbda37a8abcc5a8c550d1bfb2f494624fb50367fa36ce3bc68f1
            1cf93b1510376b02130f812a9fa169d8
            """,
          ciphertext: """
            e0da15ca8e2554f5e56c9468dc6c7c129c568aa5032317e04e0729646cabefa689864c410f24f919e61e3dfdfad77e56
            0db0a9cd36c34ae4181490b29f5fa2fc
            """),
    .init(clause: "TS 35.217 4 (UEA2) test set 3", key: "5acb1d644c0d51204ea5f1451010d852", count: 0xfa556b26, bearer: 0x03, direction: 1, bitLength: 120,
          plaintext: "ad9c441f890b38c457a49d421407e8",
          ciphertext: "ba0f31300334c56b52a7497cbac046"),
    .init(clause: "TS 35.217 4 (UEA2) test set 4", key: "d3c5d592327fb11c4035c6680af8c6d1", count: 0x398a59b4, bearer: 0x05, direction: 1, bitLength: 253,
          plaintext: "981ba6824c1bfb1ab485472029b71d808ce33e2cc3c0b5fc1f3de8a6dc66b1f0",
          ciphertext: "989b719cdc33ceb7cf276a52827cef94a56c40c0ab9d81f7a2a9bac60e11c4b0"),
    .init(clause: "TS 35.217 4 (UEA2) test set 5", key: "6090eae04c83706eecbf652be8e36566", count: 0x72a4f20f, bearer: 0x09, direction: 0, bitLength: 837,
          plaintext: """
            40981ba6824c1bfb4286b299783daf442c099f7ab0f58d5c8e46b104f08f01b41ab485472029b71d36bd1a3d90dc3a41
            b46d51672ac4c9663a2be063da4bc8d2808ce33e2cccbfc634e1b259060876a0fbb5a437ebcc8d31c19e4454318745e3
            987645987a986f2cb0
            """,
          ciphertext: """
            5892bba88bbbcaaeae769aa06b683d3a17cc04a369881697435e44fed5ff9af57b9e890d4d5c64709885d48ae40690ec
            043baae9705796e4a9ff5a4b8d8b36d7f3fe57cc6cfd6cd005cd3852a85e94ce6bcd90d0d07839ce09733544ca8e3508
            43248550922ac12818
            """),
]

/// TS 35.217 clause 5: UIA2 (f9), with its FRESH (128-EIA1 fixes FRESH = BEARER ‖ 0^27).
let uia2TestSets: [UIA2Vector] = [
    .init(clause: "TS 35.217 5 (UIA2) test set 1", key: "2bd6459f82c5b300952c49104881ff48", count: 0x38a6f056, fresh: 0x05d2ec49, direction: 0, bitLength: 189,
          message: "6b227737296f393c8079353edc87e2e805d2ec49a4f2d8e0", mac: 0x2bce1820),
    .init(clause: "TS 35.217 5 (UIA2) test set 2", key: "d42f682428201cafcd9f97945e6de7b7", count: 0x3edc87e2, fresh: 0xa4f2d8e2, direction: 1, bitLength: 254,
          message: "b5924384328a4ae00b737109f8b6c8dd2b4db63dd533981ceb19aad52a5b2bc0", mac: 0xfc7b18bd),
    .init(clause: "TS 35.217 5 (UIA2) test set 3", key: "fdb9cfdf28936cc483a31869d81b8fab", count: 0x36af6144, fresh: 0x9838f03a, direction: 1, bitLength: 319,
          message: """
            5932bc0ace2b0aba33d8ac188ac54f346fad10bf9dee2920b43bd0c53a915cb7df6caa72053abff2
            """, mac: 0x02f1faaf),
    .init(clause: "TS 35.217 5 (UIA2) test set 4", key: "c736c6aab22bfff91e2698d2e22ad57e", count: 0x14793e41, fresh: 0x0397e8fd, direction: 1, bitLength: 384,
          message: """
            d0a7d463df9fb2b278833fa02e235aa172bd970c1473e12907fb648b6599aaa0b24a038665422b20a499276a50427009
            """, mac: 0x38b554c0),
    .init(clause: "TS 35.217 5 (UIA2) test set 5", key: "f4ebec69e73eaf2eb2cf6af4b3120ffd", count: 0x296f393c, fresh: 0x6b227737, direction: 1, bitLength: 1000,
          message: """
            10bfff839e0c71658dbb2d1707e145724f41c16f48bf403c3b18e38fd5d1663b6f6d900193e3cea8bb4f1b4f5be82203
            2232a78d7d75238d5e6daecd3b4322cf59bc7ea84ab18811b5bfb7bc553f4fe44478ce287a14879990d18d12ca79d2c8
            55149021cd5ce8ca0371ca04fcce143e3d7cfee94585b5885cac46068b
            """, mac: 0x061745ae),
    .init(clause: "TS 35.217 5 (UIA2) test set 6", key: "b3120ffdb2cf6af4e73eaf2ef4ebec69", count: 0x296f393c, fresh: 0x6b227737, direction: 1, bitLength: 16448,
          message: message16448, mac: 0x179f2fa6),
]
