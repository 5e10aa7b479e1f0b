"""Storage backends: one async interface (`base.Backend`), one module per kind (local, S3, SFTP, FTP)."""
