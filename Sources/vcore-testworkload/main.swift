// The orchestrator's test workload (issue #5): HTTP probes and a UDP/TCP echo. Not built yet.
print("vcore-testworkload: not built yet")
