"""What makes and checks a copy for mirrors: twins, archives, signed SHA256SUMS, verify (imports only common)."""
