"""The advice engine: cost model, approach, risk rules, PoC plan and report."""
