// The mme executable: wired once its Kit exists (issue #6).
print("mme: not built yet (issue #6)")
