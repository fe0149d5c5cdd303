"""The Fleet page: a portfolio of workloads planned on shared node pools (issue 17)."""
