//! Step 7: integer schemas whose bounds are written as floats, or do not fit 32 bits.
//!
//! **Quirk.** The converter writes the model's `range` trait as `minimum`/`maximum` through
//! JavaScript numbers, so a `long` bounded by `9223372036854775807` becomes
//! `maximum: 9223372036854776000` (IoT Events Data's `EpochMilliTimestamp`, Kafka Connect's
//! `__longMin1`): a float beyond `i64`, which an OpenAPI reader cannot take as an integer
//! bound, so the schema reads as `type: integer` with keywords that do not fit it. And the
//! documents drop the model's `long`/`integer` distinction unless `format: int64` survives;
//! the bounds are what is left of it.
//!
//! **Real behaviour.** The value is an integer. This step turns such a schema back into an
//! integer schema, its bounds saturated to `i64`, and gives every integer schema without a
//! `format` whose bounds lie outside `i32` the format `int64`, so its values are not
//! truncated.

use crate::error::Result;
use crate::normalize::description_only_all_of::visit_document;
use crate::normalize::Normalized;
use openapiv3::{
    AnySchema, IntegerFormat, IntegerType, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

/// The step: every integer schema with float or 64-bit bounds read as an integer.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    visit_document(&mut doc.api, &mut doc.operations, &mut integer_bounds);
    Ok(())
}

/// Rewrites one schema; returns whether it did.
pub fn integer_bounds(schema: &mut Schema) -> bool {
    let mut changed = false;
    if let SchemaKind::Any(any) = &schema.schema_kind {
        if let Some(integer) = float_bounded_integer(any) {
            schema.schema_kind = SchemaKind::Type(Type::Integer(integer));
            changed = true;
        }
    }
    if let SchemaKind::Type(Type::Integer(integer)) = &mut schema.schema_kind {
        let outside_i32 = |bound: Option<i64>| bound.is_some_and(|b| i32::try_from(b).is_err());
        if matches!(integer.format, VariantOrUnknownOrEmpty::Empty)
            && (outside_i32(integer.minimum) || outside_i32(integer.maximum))
        {
            integer.format = VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64);
            changed = true;
        }
    }
    changed
}

/// The integer schema an untyped-looking `type: integer` schema with float bounds means, if it
/// has nothing else but bounds and a format.
fn float_bounded_integer(any: &AnySchema) -> Option<IntegerType> {
    if any.typ.as_deref() != Some("integer") {
        return None;
    }
    let bounds_only = AnySchema {
        typ: any.typ.clone(),
        minimum: any.minimum,
        maximum: any.maximum,
        exclusive_minimum: any.exclusive_minimum,
        exclusive_maximum: any.exclusive_maximum,
        format: any.format.clone(),
        ..AnySchema::default()
    };
    if *any != bounds_only {
        return None;
    }
    // `as` saturates: 9223372036854776000.0 → i64::MAX.
    let bound = |b: Option<f64>| b.filter(|b| b.is_finite()).map(|b| b as i64);
    let format = match any.format.as_deref() {
        None => VariantOrUnknownOrEmpty::Empty,
        Some("int64") => VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64),
        Some("int32") => VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32),
        Some(other) => VariantOrUnknownOrEmpty::Unknown(other.to_owned()),
    };
    Some(IntegerType {
        format,
        minimum: bound(any.minimum),
        maximum: bound(any.maximum),
        exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
        exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
        ..IntegerType::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn integer(schema: &Schema) -> &IntegerType {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(integer)) => integer,
            other => panic!("not an integer: {other:?}"),
        }
    }

    #[test]
    fn float_bounds_become_a_long() {
        let mut s = schema("{type: integer, minimum: 1, maximum: 9223372036854776000}");
        assert!(matches!(s.schema_kind, SchemaKind::Any(_)));
        assert!(integer_bounds(&mut s));
        let i = integer(&s);
        assert_eq!((i.minimum, i.maximum), (Some(1), Some(i64::MAX)));
        assert_eq!(
            i.format,
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
        );
    }

    #[test]
    fn bounds_beyond_i32_make_a_long() {
        let mut s = schema("{type: integer, minimum: 0, maximum: 4294967295}");
        assert!(integer_bounds(&mut s));
        assert_eq!(
            integer(&s).format,
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
        );
        let mut s = schema("{type: integer, minimum: 0, maximum: 100}");
        assert!(!integer_bounds(&mut s));
        assert_eq!(integer(&s).format, VariantOrUnknownOrEmpty::Empty);
    }

    #[test]
    fn other_keywords_are_left_alone() {
        let mut s = schema("{type: integer, maximum: 9223372036854776000, pattern: x}");
        assert!(!integer_bounds(&mut s));
        assert!(matches!(s.schema_kind, SchemaKind::Any(_)));
    }
}
