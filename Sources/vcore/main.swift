print("vcore")
