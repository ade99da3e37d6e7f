// ServiceProxy: lands with issue #5 (the bundled orchestrator).
