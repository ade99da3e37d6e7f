// The hss executable: wired once its Kit exists (issue #6).
print("hss: not built yet (issue #6)")
