//! What each centre coordinate of a PMML clustering model is, in the terms of an [`Encoding`]
//! (crate::prep::Encoding): a number (its input field, a transform, an offset and a scale) or
//! one value of a category (its field, the value, the weight). Only preparations whose
//! arithmetic is Batch's are read; anything else is named and refused.

use std::collections::HashMap;

use super::{excerpt, xml::Element, PmmlError};
use crate::prep::Transform;

/// Derived fields inside derived fields, at most: deeper (or a loop) is refused.
const MAX_CHAIN: usize = 16;

/// One centre coordinate, as the file computes it from a customer.
#[derive(Debug, Clone, PartialEq)]
pub enum Coordinate {
    /// `sign · (transform(field) − offset) / scale`, scale > 0.
    Number { field: String, transform: Transform, offset: f64, scale: f64, sign: f64 },
    /// `weight` when the categorical `field` is `value`, else 0.
    OneHot { field: String, value: String, weight: f64 },
}

impl Coordinate {
    /// The field's number as read (after its transform), neither shifted nor scaled.
    fn plain(field: String, transform: Transform) -> Coordinate {
        Coordinate::Number { field, transform, offset: 0.0, scale: 1.0, sign: 1.0 }
    }
}

/// The fields a file declares: its data fields and its derived fields (the transformation
/// dictionary's and the models' local ones) by name.
pub struct Fields<'a> {
    data: HashMap<&'a str, &'a Element>,
    derived: HashMap<&'a str, &'a Element>,
}

impl<'a> Fields<'a> {
    /// `dictionary` the DataDictionary; `transformations` every TransformationDictionary and
    /// LocalTransformations in scope, outermost first (an inner definition wins).
    pub fn new(dictionary: &'a Element, transformations: &[&'a Element]) -> Fields<'a> {
        let data = dictionary.children_named("DataField").filter_map(|f| Some((f.attr("name")?, f))).collect();
        let derived = transformations
            .iter()
            .flat_map(|t| t.children_named("DerivedField"))
            .filter_map(|f| Some((f.attr("name")?, f)))
            .collect();
        Fields { data, derived }
    }

    /// The data field `name`, if the dictionary declares it.
    pub fn data(&self, name: &str) -> Option<&'a Element> {
        self.data.get(name).copied()
    }

    /// The coordinate a clustering field named `name` holds.
    pub fn coordinate_of_field(&self, name: &str) -> Result<Coordinate, PmmlError> {
        self.field(name, 0)
    }

    /// Whether `name` is a derived field in scope.
    pub fn is_derived(&self, name: &str) -> bool {
        self.derived.contains_key(name)
    }

    /// The coordinate an expression computes (a CenterFields derived field's).
    pub fn coordinate_of_derived(&self, derived: &Element) -> Result<Coordinate, PmmlError> {
        let e = expression_of(derived)?;
        let coordinate = self.expression(e, 0)?;
        computed_as_read(derived, e)?;
        Ok(coordinate)
    }

    fn field(&self, name: &str, depth: usize) -> Result<Coordinate, PmmlError> {
        if let Some(coordinate) = self.through_derived(name, depth, |e, depth| self.expression(e, depth))? {
            return Ok(coordinate);
        }
        let (field, transform) = self.number(name, depth)?;
        Ok(Coordinate::plain(field, transform))
    }

    /// What `read` makes of the derived field `name` (checked to compute as it reads), or `None`
    /// for a field that is not derived; refused past [`MAX_CHAIN`] steps, so a loop ends.
    fn through_derived<T>(
        &self,
        name: &str,
        depth: usize,
        read: impl Fn(&Element, usize) -> Result<T, PmmlError>,
    ) -> Result<Option<T>, PmmlError> {
        if depth > MAX_CHAIN {
            return Err(unsupported(format!("derived fields nested more than {MAX_CHAIN} deep, or defined in a loop")));
        }
        let Some(derived) = self.derived.get(name) else { return Ok(None) };
        let e = expression_of(derived)?;
        let value = read(e, depth + 1)?;
        computed_as_read(derived, e)?;
        Ok(Some(value))
    }

    fn expression(&self, e: &Element, depth: usize) -> Result<Coordinate, PmmlError> {
        match e.name.as_str() {
            "FieldRef" => self.field(required(e, "field")?, depth + 1),
            "NormContinuous" => self.norm_continuous(e, depth),
            "NormDiscrete" => self.one_hot(e, 1.0),
            "Apply" => {
                if let Some((discrete, weight)) = weighted_one_hot(e) {
                    return self.one_hot(discrete, weight);
                }
                if let Some((input, offset, scale)) = shifted_and_divided(e) {
                    return self.linear(input, offset, scale, depth);
                }
                let (field, transform) = self.transformed(e, depth)?;
                Ok(Coordinate::plain(field, transform))
            }
            other => Err(unsupported(format!("a field prepared by {other}"))),
        }
    }

    /// A numeric input field, perhaps through Segmentum's own log or winsorizing.
    fn number(&self, name: &str, depth: usize) -> Result<(String, Transform), PmmlError> {
        if let Some(number) = self.through_derived(name, depth, |e, depth| self.transformed(e, depth))? {
            return Ok(number);
        }
        let field = self.data(name).ok_or_else(|| PmmlError::UnknownField { name: name.to_owned() })?;
        if !is_numeric(field) {
            return Err(unsupported(format!("the text field \"{name}\" as a number (not through NormDiscrete)")));
        }
        Ok((name.to_owned(), Transform::None))
    }

    /// A number as an expression: a field, or one of the export's transforms of a data field.
    fn transformed(&self, e: &Element, depth: usize) -> Result<(String, Transform), PmmlError> {
        if e.name == "FieldRef" {
            return self.number(required(e, "field")?, depth + 1);
        }
        if e.name != "Apply" {
            return Err(unsupported(format!("a number prepared by {}", e.name)));
        }
        let (field, transform) = if let Some(field) = log_of(e) {
            (field, Transform::Log)
        } else if let Some((field, low, high)) = winsorized(e) {
            (field, Transform::Winsorize { low, high })
        } else {
            let function = e.attr("function").unwrap_or("?");
            return Err(unsupported(format!(
                "the function \"{function}\" (outside the log and winsorizing Segmentum writes)"
            )));
        };
        match self.number(field, depth + 1)? {
            (name, Transform::None) if self.data(&name).is_some() => Ok((name, transform)),
            _ => Err(unsupported("a transform of a transformed field".to_owned())),
        }
    }

    /// `(x − offset) / scale` from two points (orig → norm) of a linear normalisation.
    fn norm_continuous(&self, e: &Element, depth: usize) -> Result<Coordinate, PmmlError> {
        let (field, transform) = self.number(required(e, "field")?, depth + 1)?;
        match e.attr("outliers") {
            None | Some("asIs") => {}
            Some(other) => return Err(unsupported(format!("a NormContinuous with outliers=\"{other}\""))),
        }
        let points: Vec<&Element> = e.children_named("LinearNorm").collect();
        let [a, b] = points[..] else {
            return Err(unsupported(format!(
                "a NormContinuous with {} points (a piecewise scaling; two points are a linear one)",
                points.len()
            )));
        };
        let what = |p: &str| format!("a LinearNorm's {p} of \"{field}\"");
        let (o1, n1) = (number(&what("orig"), required(a, "orig")?)?, number(&what("norm"), required(a, "norm")?)?);
        let (o2, n2) = (number(&what("orig"), required(b, "orig")?)?, number(&what("norm"), required(b, "norm")?)?);
        // norm = n1 + (x − o1)·(n2 − n1)/(o2 − o1), which is (x − offset)/slope_scale.
        let scale = (o2 - o1) / (n2 - n1);
        if !(scale.is_finite() && scale != 0.0) {
            return Err(unsupported(format!("a NormContinuous of \"{field}\" that maps two points onto one")));
        }
        let offset = if n1 == 0.0 { o1 } else { o1 - n1 * scale };
        let sign = scale.signum();
        Ok(Coordinate::Number { field, transform, offset, scale: scale.abs(), sign })
    }

    /// `(input − offset) / scale`, as nyoka writes scikit-learn's StandardScaler: Batch's own
    /// arithmetic, so the scaling is read as it is.
    fn linear(&self, input: &Element, offset: f64, scale: f64, depth: usize) -> Result<Coordinate, PmmlError> {
        let (field, transform) = self.transformed(input, depth + 1)?;
        if scale == 0.0 {
            return Err(unsupported(format!("a division of \"{field}\" by 0")));
        }
        Ok(Coordinate::Number { field, transform, offset, scale: scale.abs(), sign: scale.signum() })
    }

    fn one_hot(&self, e: &Element, weight: f64) -> Result<Coordinate, PmmlError> {
        let name = required(e, "field")?;
        if self.derived.contains_key(name) {
            return Err(unsupported(format!("a NormDiscrete of the derived field \"{name}\"")));
        }
        if self.data(name).is_none() {
            return Err(PmmlError::UnknownField { name: name.to_owned() });
        }
        match e.attr("method") {
            None | Some("indicator") => {}
            Some(other) => return Err(unsupported(format!("a NormDiscrete with method=\"{other}\""))),
        }
        let value = required(e, "value")?.to_owned();
        Ok(Coordinate::OneHot { field: name.to_owned(), value, weight })
    }
}

/// A number field: continuous, or of a numeric data type.
pub fn is_numeric(field: &Element) -> bool {
    let numeric_type = matches!(field.attr("dataType"), Some("double" | "float" | "integer"));
    numeric_type || (field.attr("optype") == Some("continuous") && field.attr("dataType").is_none())
}

/// A derived field's expression: its one child that is not an extension.
fn expression_of(derived: &Element) -> Result<&Element, PmmlError> {
    let name = derived.attr("name").unwrap_or("(unnamed)");
    derived
        .content()
        .next()
        .ok_or_else(|| PmmlError::Missing { what: format!("expression for the derived field \"{name}\"") })
}

/// A derived field whose expression was read: refused if a setting the reading does not
/// interpret would change its value — a `mapMissingTo` anywhere in it (the value a customer
/// without one gets), an Apply's `defaultValue` (the same, for a function's missing result), a
/// constant marked missing, or a whole-number data type of a computed value. Checked once the expression has been
/// read, so only the few elements of a known pattern are walked. An Apply's
/// `invalidValueTreatment` is left as it is: the functions read here (the log, winsorizing,
/// `(x − a) / b` with b ≠ 0, a category's weight) give no invalid result from a valid input,
/// and an invalid input is the mining field's to treat (see `build::inputs`).
fn computed_as_read(derived: &Element, e: &Element) -> Result<(), PmmlError> {
    let name = derived.attr("name").unwrap_or("(unnamed)");
    match derived.attr("dataType") {
        // A field under another name (KNIME's renaming) keeps the field's own values.
        _ if e.name == "FieldRef" => {}
        None | Some("double" | "float") => {}
        Some("integer") => {
            return Err(PmmlError::treatment(
                name,
                "dataType=\"integer\"".to_owned(),
                "its values are whole numbers, so an evaluator rounds (or rejects) the scaled values Segmentum \
                 measures distances with"
                    .to_owned(),
            ))
        }
        Some(other) => {
            return Err(unsupported(format!("the derived field \"{name}\" of type {}", excerpt(other, 20))));
        }
    }
    missing_settings(name, e)
}

/// The first `mapMissingTo`, Apply `defaultValue` or missing constant in `e`, refused.
fn missing_settings(name: &str, e: &Element) -> Result<(), PmmlError> {
    let without = "a customer without a value gets";
    let instead = "where Segmentum leaves such a customer out (or fills the input field with its \
                   missingValueReplacement)";
    if let Some(v) = e.attr("mapMissingTo") {
        let v = excerpt(v, 40);
        return Err(PmmlError::treatment(
            name,
            format!("mapMissingTo=\"{v}\" on its {}", e.name),
            format!("{without} {v} there, {instead}"),
        ));
    }
    if e.name == "Apply" {
        if let Some(v) = e.attr("defaultValue") {
            let v = excerpt(v, 40);
            let function = excerpt(e.attr("function").unwrap_or("?"), 20);
            return Err(PmmlError::treatment(
                name,
                format!("defaultValue=\"{v}\" on its Apply of \"{function}\""),
                format!("{without} {v} there, {instead}"),
            ));
        }
    }
    if e.name == "Constant" && e.attr("missing").is_some_and(|m| m.trim() == "true") {
        return Err(PmmlError::treatment(
            name,
            "a Constant with missing=\"true\"".to_owned(),
            "the constant counts as a missing value, which Segmentum cannot compute with".to_owned(),
        ));
    }
    e.content().try_for_each(|c| missing_settings(name, c))
}

fn required<'a>(e: &'a Element, attr: &str) -> Result<&'a str, PmmlError> {
    e.attr(attr).ok_or_else(|| PmmlError::Missing { what: format!("{attr} on a {} element", e.name) })
}

fn unsupported(what: String) -> PmmlError {
    PmmlError::Unsupported { what }
}

/// A number from the file: finite and within the model's limits, or why not.
pub fn number(what: &str, text: &str) -> Result<f64, PmmlError> {
    let text = text.trim();
    let v: f64 = text
        .parse()
        .map_err(|_| PmmlError::BadNumber { what: what.to_owned(), text: text.chars().take(40).collect() })?;
    if v.is_finite() && v.abs() <= crate::model::MODEL_LIMIT {
        Ok(v)
    } else {
        Err(PmmlError::OutOfRange { what: what.to_owned() })
    }
}

/// The arguments of `e` when it applies `function` to exactly `n` of them.
fn apply<'a>(e: &'a Element, function: &str, n: usize) -> Option<Vec<&'a Element>> {
    let args: Vec<&Element> = e.content().collect();
    (e.name == "Apply" && e.attr("function") == Some(function) && args.len() == n).then_some(args)
}

fn field_ref(e: &Element) -> Option<&str> {
    (e.name == "FieldRef").then(|| e.attr("field")).flatten()
}

fn constant(e: &Element) -> Option<f64> {
    (e.name == "Constant").then(|| number("a constant", &e.text).ok()).flatten()
}

/// The export's log, `if(x < 0, -1, 1) * ln1p(abs(x))`: the field it is of.
fn log_of(e: &Element) -> Option<&str> {
    let [sign, ln] = apply(e, "*", 2)?[..] else { return None };
    let [test, negative, positive] = apply(sign, "if", 3)?[..] else { return None };
    let [x, zero] = apply(test, "lessThan", 2)?[..] else { return None };
    let [abs] = apply(ln, "ln1p", 1)?[..] else { return None };
    let [y] = apply(abs, "abs", 1)?[..] else { return None };
    let field = field_ref(x)?;
    let constants = (constant(zero)?, constant(negative)?, constant(positive)?);
    (constants == (0.0, -1.0, 1.0) && field_ref(y)? == field).then_some(field)
}

/// The export's winsorizing, `max(min(x, high), low)`: the field and its limits.
fn winsorized(e: &Element) -> Option<(&str, f64, f64)> {
    let [inner, low] = apply(e, "max", 2)?[..] else { return None };
    let [x, high] = apply(inner, "min", 2)?[..] else { return None };
    Some((field_ref(x)?, constant(low)?, constant(high)?))
}

/// nyoka's standardisation, `(x − offset) / scale`: the input expression and the two constants.
fn shifted_and_divided(e: &Element) -> Option<(&Element, f64, f64)> {
    let [difference, scale] = apply(e, "/", 2)?[..] else { return None };
    let [x, offset] = apply(difference, "-", 2)?[..] else { return None };
    Some((x, constant(offset)?, constant(scale)?))
}

/// The export's weighted category value, `NormDiscrete * weight` (either order).
fn weighted_one_hot(e: &Element) -> Option<(&Element, f64)> {
    let [a, b] = apply(e, "*", 2)?[..] else { return None };
    match (a.name.as_str(), b.name.as_str()) {
        ("NormDiscrete", "Constant") => Some((a, constant(b)?)),
        ("Constant", "NormDiscrete") => Some((b, constant(a)?)),
        _ => None,
    }
}
