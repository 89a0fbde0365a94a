//! Model files: one small header, then a postcard payload.
//!
//! ```text
//! bytes 0..8    magic  b"KHABARM\0"
//! bytes 8..24   kind   model kind, ASCII, NUL-padded (e.g. "lexicon")
//! bytes 24..28  format version of that kind, u32 little-endian
//! bytes 28..    postcard-encoded payload
//! ```
//!
//! Loading checks all three and fails with [`ErrorKind::Model`] saying what
//! was found and what was expected, so a stale model is never misread.
//! Default models are embedded in the binary with `include_bytes!`.

use crate::error::{Error, ErrorKind, Result};
use serde::{de::DeserializeOwned, Serialize};

const MAGIC: &[u8; 8] = b"KHABARM\0";
const KIND_LEN: usize = 16;
const HEADER_LEN: usize = 8 + KIND_LEN + 4;

/// Serialize `payload` as a model file of `kind`, format `version`.
pub fn encode<T: Serialize>(kind: &str, version: u32, payload: &T) -> Result<Vec<u8>> {
    assert!(kind.len() <= KIND_LEN && kind.is_ascii(), "model kind must be short ASCII");
    let mut out = Vec::with_capacity(HEADER_LEN + 1024);
    out.extend_from_slice(MAGIC);
    let mut k = [0u8; KIND_LEN];
    k[..kind.len()].copy_from_slice(kind.as_bytes());
    out.extend_from_slice(&k);
    out.extend_from_slice(&version.to_le_bytes());
    let body = postcard::to_allocvec(payload)
        .map_err(|e| Error::new(ErrorKind::Model, format!("cannot encode {kind} model: {e}")))?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Read a model file of `kind` and format `version`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], kind: &str, version: u32) -> Result<T> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
        return Err(Error::new(ErrorKind::Model, format!("not a khabar model file (expected a {kind} model)")));
    }
    let k = &bytes[8..8 + KIND_LEN];
    let found_kind = std::str::from_utf8(k).unwrap_or("?").trim_end_matches('\0');
    if found_kind != kind {
        return Err(Error::new(
            ErrorKind::Model,
            format!("model file is a `{found_kind}` model, expected `{kind}`"),
        ));
    }
    let v = u32::from_le_bytes(bytes[24..28].try_into().expect("4 bytes"));
    if v != version {
        return Err(Error::new(
            ErrorKind::Model,
            format!("`{kind}` model has format version {v}; this khabar reads version {version} (retrain it with `khabar train`)"),
        ));
    }
    postcard::from_bytes(&bytes[HEADER_LEN..])
        .map_err(|e| Error::new(ErrorKind::Model, format!("corrupt `{kind}` model: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_typed_errors() {
        let bytes = encode("lexicon", 3, &vec![("كتاب".to_string(), 7u32)]).unwrap();
        let back: Vec<(String, u32)> = decode(&bytes, "lexicon", 3).unwrap();
        assert_eq!(back, vec![("كتاب".to_string(), 7)]);
        let wrong_version = decode::<Vec<(String, u32)>>(&bytes, "lexicon", 4).unwrap_err();
        assert_eq!(wrong_version.kind(), ErrorKind::Model);
        assert!(wrong_version.message().contains("version 3"));
        let wrong_kind = decode::<Vec<(String, u32)>>(&bytes, "tagger", 3).unwrap_err();
        assert!(wrong_kind.message().contains("`lexicon`"));
        assert!(decode::<u8>(b"garbage", "lexicon", 3).is_err());
        let mut truncated = bytes.clone();
        truncated.truncate(bytes.len() - 2);
        assert!(decode::<Vec<(String, u32)>>(&truncated, "lexicon", 3).is_err());
    }
}
