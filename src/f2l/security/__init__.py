"""Security building blocks: keys, secret encryption, passwords, tokens and input guards."""
