//! Files the worker reads piece by piece. A file the page hands over is the browser's `Blob`
//! (a chosen file stays on disk): the worker reads a few megabytes at a time
//! (`Blob.slice` and `FileReaderSync`), so an order log of any size streams through without
//! ever being held whole, and a customer table is read into memory from the same pieces. In
//! native tests the file is bytes in memory.

use std::rc::Rc;

/// Bytes read per piece: big enough that the per-call cost vanishes, small enough that memory
/// stays flat.
pub const CHUNK_BYTES: u64 = 4 << 20;

/// The largest file read whole (a customer table or a workbook): past it, the table of its cells
/// would not fit the worker's memory (wasm32 allocations stop at 4 GiB, and a table holds its text
/// and an index of every cell), and the worker would die mid-read instead of saying so. Order
/// lines are streamed, never read whole, so any size of them is read.
pub const MAX_WHOLE_BYTES: u64 = 1 << 30;

/// Whether a file of `len` bytes can be read whole; if not, a message saying what to do.
pub fn fits_whole(name: &str, len: u64) -> Result<(), String> {
    if len <= MAX_WHOLE_BYTES {
        return Ok(());
    }
    Err(format!(
        "{name} is {} MB: a table of customers this big does not fit in a browser tab (up to {} MB). \
         Export a sample of the customers, or fewer columns; order lines of any size are read in pieces.",
        len >> 20,
        MAX_WHOLE_BYTES >> 20
    ))
}

/// Where each piece of a file goes, with the bytes read so far; an error stops the reading.
pub type Each<'a> = &'a mut dyn FnMut(&[u8], u64) -> Result<(), String>;

/// A file that can be read in pieces.
pub trait ChunkSource {
    /// Its size in bytes.
    fn size(&self) -> u64;
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
    /// Its size in bytes.
    pub fn size(&self) -> u64 {
        match self {
            Input::Bytes(b) => b.len() as u64,
            Input::File(f) => f.size(),
        }
    }

    /// The first `n` bytes (all of them in a shorter file).
    pub fn head(&self, n: u64) -> Result<Vec<u8>, String> {
        match self {
            Input::Bytes(b) => Ok(b[..b.len().min(n as usize)].to_vec()),
            Input::File(f) => f.read(0, f.size().min(n)),
        }
    }

    /// Every byte, read in pieces into one buffer (a customer table is held whole anyway).
    pub fn read_all(self) -> Result<Vec<u8>, String> {
        match self {
            Input::Bytes(b) => Ok(b),
            Input::File(f) => {
                let mut all = Vec::with_capacity(usize::try_from(f.size()).map_err(|_| too_big(f.size()))?);
                each_chunk(&*f, &mut |piece, _| {
                    all.extend_from_slice(piece);
                    Ok(())
                })?;
                Ok(all)
            }
        }
    }

    /// Every piece in order to `each`, with the bytes read so far; stops at its first error.
    pub fn for_each_chunk(&self, each: Each) -> Result<(), String> {
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

fn each_chunk(f: &dyn ChunkSource, each: Each) -> Result<(), String> {
    let size = f.size();
    let mut at = 0;
    while at < size {
        let end = (at + CHUNK_BYTES).min(size);
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
    /// None in a browser without `FileReaderSync` in workers: every read then says so.
    reader: Option<web_sys::FileReaderSync>,
}

#[cfg(target_arch = "wasm32")]
impl BlobSource {
    pub fn new(blob: web_sys::Blob) -> BlobSource {
        BlobSource { blob, reader: web_sys::FileReaderSync::new().ok() }
    }
}

#[cfg(target_arch = "wasm32")]
impl ChunkSource for BlobSource {
    fn size(&self) -> u64 {
        self.blob.size() as u64
    }

    fn read(&self, start: u64, end: u64) -> Result<Vec<u8>, String> {
        let reader = self.reader.as_ref().ok_or(
            "This browser cannot read files in a worker (no FileReaderSync): use a current Chrome, Edge, Firefox or Safari.",
        )?;
        let unreadable = |_| {
            "The file could not be read: it was changed, moved or deleted since it was chosen. Choose it again."
                .to_owned()
        };
        let piece = self.blob.slice_with_f64_and_f64(start as f64, end as f64).map_err(unreadable)?;
        let buffer = reader.read_as_array_buffer(&piece).map_err(unreadable)?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}

/// Bytes in memory, read in pieces as a file would be: the native tests' files.
#[cfg(test)]
pub struct InMemory(pub Vec<u8>);

#[cfg(test)]
impl ChunkSource for InMemory {
    fn size(&self) -> u64 {
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
    fn a_table_too_big_to_hold_is_refused_by_its_size_before_it_is_read() {
        assert_eq!(fits_whole("c.csv", MAX_WHOLE_BYTES), Ok(()));
        let e = fits_whole("c.csv", 3 << 30).unwrap_err();
        assert!(e.starts_with("c.csv is 3072 MB: a table of customers this big does not fit"), "{e}");
    }

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
