# Copy to instance/config.py. Every setting is documented in compliance/config.py; environment
# variables COMPLIANCE_<NAME> override this file.

# DATABASE_URL = "postgresql://compliance@127.0.0.1:5432/compliance"
# KEYSTORE_URL = "postgresql://compliance_keys@127.0.0.1:5432/compliance_keys"
# RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
# MAIL_BACKEND = "smtp"
# SMTP_HOST = "smtp.example.com"
# PUBLIC_BASE_URL = "https://privacy.example.com"
# The controller's identity (every report reads it from here; see compliance/config.py):
# CONTROLLER_NAME = "Example OÜ"
# CONTROLLER_REGISTRY_CODE = "12345678"
# CONTROLLER_ADDRESS = "Tallinn, Estonia"
# CONTROLLER_DPO_NAME = "Data Protection Officer"
# CONTROLLER_DPO_CONTACT = "dpo@example.com"
