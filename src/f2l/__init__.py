"""F2L: move and keep files in step between S3, SFTP, FTP and local folders."""

__version__ = "0.1.0"
