/** `GET /backends` as F2L answers it (dumped from the service), for the form tests. */
import type { Backend } from "../../../api/backends";

export const BACKENDS: Backend[] = [
  {
    "endpoint_type": "s3",
    "summary": "A bucket (and prefix) on AWS S3 or an S3-compatible service.",
    "json_schema": {
      "description": "A bucket (and prefix) on AWS S3 or an S3-compatible service.",
      "properties": {
        "s3_bucket": {
          "maxLength": 255,
          "title": "S3 Bucket",
          "type": "string",
          "description": "Bucket name."
        },
        "remote_path": {
          "default": "",
          "maxLength": 4096,
          "title": "Remote Path",
          "type": "string",
          "description": "Key prefix that acts as the root folder (no leading slash)."
        },
        "s3_region": {
          "anyOf": [
            {
              "maxLength": 64,
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null,
          "title": "S3 Region",
          "description": "AWS region, e.g. eu-west-1; empty uses the SDK's default chain."
        },
        "s3_endpoint_url": {
          "anyOf": [
            {
              "maxLength": 2048,
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null,
          "title": "S3 Endpoint Url",
          "description": "URL of an S3-compatible service (MinIO, Ceph, Wasabi...); empty for AWS."
        },
        "s3_path_style": {
          "default": false,
          "title": "S3 Path Style",
          "type": "boolean",
          "description": "Address buckets as URL paths rather than host names (most S3-compatible services need this)."
        },
        "s3_access_key": {
          "anyOf": [
            {
              "maxLength": 256,
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null,
          "title": "S3 Access Key",
          "description": "Access key id; empty uses the default AWS credential chain (env, profile, instance role)."
        },
        "s3_secret_key": {
          "anyOf": [
            {
              "format": "password",
              "maxLength": 1024,
              "type": "string",
              "writeOnly": true
            },
            {
              "type": "null"
            }
          ],
          "title": "S3 Secret Key",
          "description": "Secret access key (write-only).",
          "writeOnly": true,
          "x-secret": true
        },
        "s3_use_ssl": {
          "default": true,
          "title": "S3 Use Ssl",
          "type": "boolean",
          "description": "Use HTTPS when the endpoint URL does not say."
        },
        "s3_verify_ssl": {
          "default": true,
          "title": "S3 Verify Ssl",
          "type": "boolean",
          "description": "Verify the server's TLS certificate."
        },
        "s3_storage_class": {
          "anyOf": [
            {
              "maxLength": 40,
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null,
          "title": "S3 Storage Class",
          "description": "Storage class of uploaded objects (STANDARD, STANDARD_IA, GLACIER_IR...)."
        }
      },
      "required": [
        "s3_bucket"
      ],
      "title": "S3EndpointFields",
      "type": "object"
    }
  },
  {
    "endpoint_type": "sftp",
    "summary": "A folder on an SSH server, over SFTP.",
    "json_schema": {
      "description": "A folder on an SSH server, over SFTP.",
      "properties": {
        "host": {
          "maxLength": 255,
          "minLength": 1,
          "title": "Host",
          "type": "string",
          "description": "Host name or IP address of the SSH server."
        },
        "port": {
          "default": 22,
          "maximum": 65535,
          "minimum": 1,
          "title": "Port",
          "type": "integer",
          "description": "TCP port of the SSH server."
        },
        "username": {
          "maxLength": 255,
          "minLength": 1,
          "title": "Username",
          "type": "string",
          "description": "User name to log in as."
        },
        "password": {
          "anyOf": [
            {
              "format": "password",
              "maxLength": 1024,
              "type": "string",
              "writeOnly": true
            },
            {
              "type": "null"
            }
          ],
          "title": "Password",
          "description": "Password for password or keyboard-interactive login.",
          "writeOnly": true,
          "x-secret": true
        },
        "private_key": {
          "anyOf": [
            {
              "format": "password",
              "maxLength": 65536,
              "type": "string",
              "writeOnly": true
            },
            {
              "type": "null"
            }
          ],
          "title": "Private Key",
          "description": "Private key text (PEM or OpenSSH) for key login.",
          "writeOnly": true,
          "x-secret": true
        },
        "private_key_passphrase": {
          "anyOf": [
            {
              "format": "password",
              "maxLength": 1024,
              "type": "string",
              "writeOnly": true
            },
            {
              "type": "null"
            }
          ],
          "title": "Private Key Passphrase",
          "description": "Passphrase of an encrypted private key.",
          "writeOnly": true,
          "x-secret": true
        },
        "host_key_policy": {
          "default": "strict",
          "enum": [
            "strict",
            "accept_new"
          ],
          "title": "Host Key Policy",
          "type": "string",
          "description": "`strict`: the server's host key must match a known_hosts entry. `accept_new`: also accept a host known_hosts has no entry for, never a key differing from one."
        },
        "known_hosts": {
          "anyOf": [
            {
              "maxLength": 65536,
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null,
          "title": "Known Hosts",
          "description": "Trusted host keys as known_hosts lines (empty: none); null reads ~/.ssh/known_hosts of the user running F2L."
        },
        "remote_path": {
          "default": "~",
          "maxLength": 4096,
          "minLength": 1,
          "title": "Remote Path",
          "type": "string",
          "description": "Root folder on the server: an absolute path, or `~` / `~/sub` (also `/~/sub`) for the login directory and below."
        }
      },
      "required": [
        "host",
        "username"
      ],
      "title": "SftpEndpointFields",
      "type": "object",
      "anyOf": [
        {
          "required": [
            "password"
          ]
        },
        {
          "required": [
            "private_key"
          ]
        }
      ]
    }
  },
  {
    "endpoint_type": "ftp",
    "summary": "A folder on an FTP or FTPS server.",
    "json_schema": {
      "description": "A folder on an FTP or FTPS server.",
      "properties": {
        "host": {
          "maxLength": 255,
          "minLength": 1,
          "title": "Host",
          "type": "string",
          "description": "Server host name or IP address."
        },
        "port": {
          "default": 21,
          "maximum": 65535,
          "minimum": 1,
          "title": "Port",
          "type": "integer",
          "description": "Control connection port (21 for FTP and explicit FTPS)."
        },
        "username": {
          "default": "anonymous",
          "maxLength": 255,
          "minLength": 1,
          "title": "Username",
          "type": "string",
          "description": "Login user name."
        },
        "password": {
          "anyOf": [
            {
              "format": "password",
              "maxLength": 1024,
              "type": "string",
              "writeOnly": true
            },
            {
              "type": "null"
            }
          ],
          "title": "Password",
          "description": "Login password (write-only; never shown in messages or logs). Empty for anonymous login.",
          "writeOnly": true,
          "x-secret": true
        },
        "ftp_passive": {
          "default": true,
          "title": "Ftp Passive",
          "type": "boolean",
          "description": "Passive mode: F2L opens the data connections, which works through NAT and firewalls. False selects active mode (the server connects back to F2L); plain FTP only."
        },
        "ftp_tls": {
          "default": false,
          "title": "Ftp Tls",
          "type": "boolean",
          "description": "Explicit FTPS ('explicit'; true in the API): AUTH TLS upgrades the control and data connections before login. 'none' (false) sends everything, the password included, in clear text."
        },
        "ftp_verify_tls": {
          "default": true,
          "title": "Ftp Verify Tls",
          "type": "boolean",
          "description": "Check the server's TLS certificate and host name against the system's trusted CAs. Turn off only for a server you trust that uses a self-signed certificate."
        },
        "remote_path": {
          "default": "",
          "maxLength": 4096,
          "title": "Remote Path",
          "type": "string",
          "description": "Root folder of the endpoint: relative to the login directory, or absolute if it starts with '/'. Empty means the login directory."
        }
      },
      "required": [
        "host"
      ],
      "title": "FtpEndpointFields",
      "type": "object"
    }
  },
  {
    "endpoint_type": "local",
    "summary": "A folder on the F2L host.",
    "json_schema": {
      "description": "A folder on the F2L host.",
      "properties": {
        "local_path": {
          "maxLength": 4096,
          "minLength": 1,
          "title": "Local Path",
          "type": "string",
          "description": "Absolute path of the root folder on the F2L host (for the API: inside F2L_LOCAL_ROOTS)."
        }
      },
      "required": [
        "local_path"
      ],
      "title": "LocalEndpointFields",
      "type": "object"
    }
  }
];
