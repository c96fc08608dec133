//! Model files: one a user loads (Segmentum's JSON, or PMML from another tool) read here rather
//! than on the page's thread, where a reader's bug would take the page down and its code would
//! weigh on every page load; and the model written for other tools (PMML, ONNX).

use engine::{
    export::{model_onnx, model_pmml},
    pmml::{read_pmml, MAX_BYTES},
    SegmentModel,
};

use crate::{
    chunks::Input,
    protocol::{ModelFormat, Response},
    Parts,
};

/// The model in the file sent with the request: PMML when it starts with `<`, else JSON.
pub(super) fn read_model(input: Option<Input>) -> Result<Response, String> {
    let input = input.ok_or("The model file did not arrive with the request. Choose it again.")?;
    if input.size() > MAX_BYTES as u64 {
        let mb = MAX_BYTES >> 20;
        return Err(format!("This file is larger than {mb} MB, more than any model file."));
    }
    let bytes = input.read_all()?;
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let model = if start.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
        read_pmml(&bytes).map_err(|e| e.to_string())?
    } else {
        let text = String::from_utf8(bytes).map_err(|_| "This file is not a Segmentum model: it is not text.")?;
        SegmentModel::from_json(&text).map_err(|e| e.to_string())?
    };
    Ok(Response::ModelRead(Box::new(model)))
}

/// `model` as `format`, sent beside the answer.
pub(super) fn model_file(model: &SegmentModel, format: ModelFormat, parts: Parts) -> Result<Response, String> {
    match format {
        ModelFormat::Pmml => parts(model_pmml(model).as_bytes()),
        ModelFormat::Onnx => parts(&model_onnx(model).map_err(|e| e.to_string())?),
    }
    Ok(Response::ModelFile(format))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mall_model(categories: bool) -> SegmentModel {
        let table = crate::demo::demo_table();
        let mut request = engine::TrainRequest::new(vec![3, 4], 5);
        if categories {
            request.fit.prep.categories = vec![1];
        }
        engine::segment_table(&table, &request).unwrap().model
    }

    fn written(model: &SegmentModel, format: ModelFormat) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        let answer = model_file(model, format, &mut |part| bytes.extend_from_slice(part))?;
        assert_eq!(answer, Response::ModelFile(format));
        Ok(bytes)
    }

    fn read(bytes: &[u8]) -> Result<SegmentModel, String> {
        match read_model(Some(Input::Bytes(bytes.to_vec())))? {
            Response::ModelRead(model) => Ok(*model),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_model_written_as_pmml_or_json_reads_back_and_a_bad_file_says_why() {
        let model = mall_model(false);
        let pmml = written(&model, ModelFormat::Pmml).unwrap();
        let back = read(&pmml).unwrap();
        assert_eq!(back.k(), 5);
        assert!(back.imported.is_some());
        assert_eq!(read(model.to_json().as_bytes()).unwrap(), model);
        assert!(read(b"\xff\xfe").unwrap_err().contains("not text"));
        assert!(read(b"<!DOCTYPE x><PMML/>").is_err());
        assert!(read_model(Some(Input::Bytes(vec![b' '; MAX_BYTES + 1]))).unwrap_err().contains("larger than 16 MB"));
        assert!(read_model(None).is_err());
    }

    #[test]
    fn onnx_is_written_for_numbers_and_refused_with_the_reason_for_categories() {
        assert!(written(&mall_model(false), ModelFormat::Onnx).unwrap().len() > 100);
        assert!(written(&mall_model(true), ModelFormat::Onnx).unwrap_err().contains("Genre"));
    }
}
