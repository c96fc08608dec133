//! Files the worker reads piece by piece. A file the page hands over is the browser's `Blob`
//! (a chosen file stays on disk): the worker reads a few megabytes at a time
//! (`Blob.slice` and `FileReaderSync`), so an order log of any size streams through without
//! ever being held whole, and a customer table is read into memory from the same pieces. In
//! native tests the file is bytes in memory.

use std::rc::Rc;

/// Bytes read per piece: big enough that the per-call cost vanishes, small enough that memory
/// stays flat.
pub const CHUNK_BYTES: u64 = 4 << 20;

/// A file that can be read in pieces.
pub trait ChunkSource {
    /// Its length in bytes.
    fn len(&self) -> u64;
    /// Bytes `start..end` (`end` at most `len`).
    fn read(&self, start: u64, end: u64) -> Result<Vec<u8>, String>;
}

/// What comes with a request: bytes already in the worker, or a file to read in pieces.
#[derive(Clone)]
pub enum Input {
    Bytes(Vec<u8>),
    File(Rc<dyn ChunkSource>),
}

impl Input {
    pub fn len(&self) -> u64 {
        match self {
            Input::Bytes(b) => b.len() as u64,
            Input::File(f) => f.len(),
        }
    }

    /// The first `n` bytes (all of them in a shorter file).
    pub fn head(&self, n: u64) -> Result<Vec<u8>, String> {
        match self {
            Input::Bytes(b) => Ok(b[..b.len().min(n as usize)].to_vec()),
            Input::File(f) => f.read(0, f.len().min(n)),
        }
    }

    /// Every byte, read in pieces into one buffer (a customer table is held whole anyway).
    pub fn read_all(self) -> Result<Vec<u8>, String> {
        match self {
            Input::Bytes(b) => Ok(b),
            Input::File(f) => {
                let mut all = Vec::with_capacity(usize::try_from(f.len()).map_err(|_| too_big(f.len()))?);
                each_chunk(&*f, &mut |piece, _| {
                    all.extend_from_slice(piece);
                    Ok(())
                })?;
                Ok(all)
            }
        }
    }

    /// Every piece in order to `each`, with the bytes read so far; stops at its first error.
    pub fn for_each_chunk(&self, each: &mut dyn FnMut(&[u8], u64) -> Result<(), String>) -> Result<(), String> {
        match self {
            Input::Bytes(b) => {
                let mut done = 0;
                for piece in b.chunks(CHUNK_BYTES as usize) {
                    done += piece.len() as u64;
                    each(piece, done)?;
                }
                Ok(())
            }
            Input::File(f) => each_chunk(&**f, each),
        }
    }
}

fn each_chunk(f: &dyn ChunkSource, each: &mut dyn FnMut(&[u8], u64) -> Result<(), String>) -> Result<(), String> {
    let len = f.len();
    let mut at = 0;
    while at < len {
        let end = (at + CHUNK_BYTES).min(len);
        let piece = f.read(at, end)?;
        at = end;
        each(&piece, at)?;
    }
    Ok(())
}

fn too_big(len: u64) -> String {
    format!("The file is {} MB, more than this browser can hold at once.", len >> 20)
}

/// A chosen file, read with `Blob.slice` and `FileReaderSync` (workers only).
#[cfg(target_arch = "wasm32")]
pub struct BlobSource {
    blob: web_sys::Blob,
    reader: web_sys::FileReaderSync,
}

#[cfg(target_arch = "wasm32")]
impl BlobSource {
    pub fn new(blob: web_sys::Blob) -> Result<BlobSource, String> {
        let reader = web_sys::FileReaderSync::new().map_err(|_| "This browser cannot read files in a worker.")?;
        Ok(BlobSource { blob, reader })
    }
}

#[cfg(target_arch = "wasm32")]
impl ChunkSource for BlobSource {
    fn len(&self) -> u64 {
        self.blob.size() as u64
    }

    fn read(&self, start: u64, end: u64) -> Result<Vec<u8>, String> {
        let unreadable = |_| {
            "The file could not be read: it was changed, moved or deleted since it was chosen. Choose it again."
                .to_owned()
        };
        let piece = self.blob.slice_with_f64_and_f64(start as f64, end as f64).map_err(unreadable)?;
        let buffer = self.reader.read_as_array_buffer(&piece).map_err(unreadable)?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}

/// Bytes in memory, read in pieces as a file would be: the native tests' files.
#[cfg(test)]
pub struct InMemory(pub Vec<u8>);

#[cfg(test)]
impl ChunkSource for InMemory {
    fn len(&self) -> u64 {
        self.0.len() as u64
    }
    fn read(&self, start: u64, end: u64) -> Result<Vec<u8>, String> {
        Ok(self.0[start as usize..end as usize].to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_whole_or_in_pieces_to_the_same_bytes() {
        let bytes: Vec<u8> = (0..(CHUNK_BYTES * 2 + 17)).map(|i| (i % 251) as u8).collect();
        let file = Input::File(Rc::new(InMemory(bytes.clone())));
        assert_eq!(file.head(10).unwrap(), bytes[..10]);
        let mut seen = Vec::new();
        let mut marks = Vec::new();
        file.for_each_chunk(&mut |piece, done| {
            seen.extend_from_slice(piece);
            marks.push(done);
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, bytes);
        assert_eq!(marks, [CHUNK_BYTES, CHUNK_BYTES * 2, CHUNK_BYTES * 2 + 17]);
        assert_eq!(file.read_all().unwrap(), bytes);
        assert_eq!(Input::Bytes(vec![1, 2, 3]).head(2).unwrap(), [1, 2]);
    }
}
