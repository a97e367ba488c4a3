//! Helpers for the generated JSON (de)serializers (owned by the generator work: add what the
//! emitted code needs, keep it generic).
