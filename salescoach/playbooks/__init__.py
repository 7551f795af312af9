"""Loading and validating playbook files."""
