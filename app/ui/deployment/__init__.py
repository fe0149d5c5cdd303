"""The Deployment comparison page: cloud, bare metal, on-prem and hybrid side by side."""
