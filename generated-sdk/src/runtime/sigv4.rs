//! AWS Signature Version 4. STUB.
