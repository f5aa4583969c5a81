//! Parallel decompression of bzip2 streams, block by block.
//!
//! A bzip2 stream is a header (`BZh1`..`BZh9`) and a run of blocks, each starting with the 48-bit
//! magic `0x314159265359` at any *bit* offset, followed by the block's CRC; an end-of-stream
//! marker (`0x177245385090`, the combined CRC, padding) closes the stream. Blocks do not depend on
//! each other, so each can be decoded alone once it is wrapped in a stream of its own: a header,
//! the block's bits, an end-of-stream marker, and the block's CRC as the combined CRC (the
//! combined CRC of a one-block stream is the block's CRC). The `bzip2` crate then decodes and
//! checks each wrapped block, on as many threads as there are cores.
//!
//! The magic can, very rarely, occur inside compressed data. A false boundary makes the pieces
//! on either side fail their checks; such a piece is merged with the next one and decoded again,
//! so a false boundary costs time, never correctness.
//!
//! Compressed input is taken in slabs of a few megabytes, so memory stays bounded whatever the
//! size of the dump: at most one slab of compressed bytes and its decompressed output are held.

use std::io::{self, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const BLOCK_MAGIC: u64 = 0x3141_5926_5359;
const END_MAGIC: u64 = 0x1772_4538_5090;
const MAGIC_MASK: u64 = (1 << 48) - 1;
/// Compressed bytes taken per slab and thread: a few blocks for each worker.
const SLAB_PER_THREAD: usize = 1 << 20;
/// How many neighbouring pieces may be merged to get past false boundaries before giving up.
const MAX_MERGE: usize = 4;

/// A `Read` that decompresses a bzip2 stream (or several concatenated) on all cores.
pub struct ParallelBz2Decoder<R: Read> {
    source: R,
    threads: usize,
    /// Compressed bytes read per slab.
    slab: usize,
    /// Compressed bytes not decoded yet; the first unfinished block starts at bit `start_bit`.
    pending: Vec<u8>,
    start_bit: u64,
    /// Whether a stream header was seen (checked once, at the start).
    header_seen: bool,
    /// The source has ended; `drained` once what it gave has been decoded too.
    eof: bool,
    drained: bool,
    /// An error found at the end of the input, reported once the output before it is read.
    deferred: Option<io::Error>,
    out: Vec<u8>,
    out_pos: usize,
}

impl<R: Read> ParallelBz2Decoder<R> {
    pub fn new(source: R) -> Self {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        ParallelBz2Decoder {
            source,
            threads,
            slab: SLAB_PER_THREAD * threads,
            pending: Vec::new(),
            start_bit: 0,
            header_seen: false,
            eof: false,
            drained: false,
            deferred: None,
            out: Vec::new(),
            out_pos: 0,
        }
    }

    /// Reads the next slab, decodes every complete block in it, and leaves the output in `out`.
    fn next_slab(&mut self) -> io::Result<()> {
        let want = self.slab;
        let before = self.pending.len();
        self.pending.resize(before + want, 0);
        let n = read_full(&mut self.source, &mut self.pending[before..])?;
        self.pending.truncate(before + n);
        if n < want {
            self.eof = true;
        }
        if self.eof {
            self.drained = true;
        }
        if !self.header_seen {
            if self.pending.is_empty() {
                return Ok(());
            }
            if !(self.pending.len() >= 4 && &self.pending[..3] == b"BZh" && (b'1'..=b'9').contains(&self.pending[3])) {
                return Err(invalid("not a bzip2 stream"));
            }
            self.header_seen = true;
            self.start_bit = 32;
        }
        let marks = scan(&self.pending, self.start_bit);
        // Pieces run from a block magic to the next mark. The last block magic is complete only
        // when another mark follows it, or the input has ended.
        let mut pieces = Vec::new();
        let mut next_start = None;
        for (i, &(bit, is_block)) in marks.iter().enumerate() {
            if !is_block {
                continue;
            }
            match marks.get(i + 1) {
                Some(&(end, _)) => pieces.push((bit, end)),
                None if self.eof => {
                    self.deferred = Some(invalid("truncated bzip2 stream: the last block has no end"));
                }
                None => next_start = Some(bit),
            }
        }
        if marks.is_empty() && !self.eof && self.pending.len() > (want * 4).max(4 << 20) {
            return Err(invalid("no bzip2 block found in many megabytes of input"));
        }
        let (out, error) = decode_pieces(&self.pending, &pieces, self.threads);
        self.out = out;
        self.out_pos = 0;
        if let Some(e) = error {
            // What decoded before the bad block is handed out first; then the error ends the stream.
            self.deferred = Some(e);
            self.drained = true;
            return Ok(());
        }
        // Keep the bytes from the unfinished block on; when every block was decoded, from just
        // after the last mark (a magic may straddle the slab's end); when no mark was found at
        // all, everything not yet scanned.
        let keep_from_bit = match (next_start, marks.last()) {
            (Some(bit), _) => bit,
            (None, Some(&(last, _))) => (last + 48).min(8 * self.pending.len() as u64),
            (None, None) => self.start_bit,
        };
        let keep_byte = (keep_from_bit / 8) as usize;
        self.pending.drain(..keep_byte);
        self.start_bit = keep_from_bit - 8 * keep_byte as u64;
        Ok(())
    }
}

impl<R: Read> Read for ParallelBz2Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos >= self.out.len() {
            if self.drained {
                return match self.deferred.take() {
                    Some(e) => Err(e),
                    None => Ok(0),
                };
            }
            self.next_slab()?;
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

/// Reads until `buf` is full or the source ends, retrying interrupted reads.
pub(crate) fn read_full(source: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match source.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Bit offsets of every block magic (`true`) and end-of-stream magic (`false`) at or after
/// `from_bit`, in order. Bits are numbered from the most significant bit of the first byte.
fn scan(data: &[u8], from_bit: u64) -> Vec<(u64, bool)> {
    let mut out = Vec::new();
    let mut window: u64 = 0;
    for (i, &byte) in data.iter().enumerate() {
        window = (window << 8) | u64::from(byte);
        let have = (i as u64 + 1) * 8;
        if have < 48 {
            continue;
        }
        // The 48-bit values ending at each of this byte's 8 bit positions.
        for shift in (0..8).rev() {
            let end = have - shift;
            if end < 48 {
                continue;
            }
            let value = (window >> shift) & MAGIC_MASK;
            if value == BLOCK_MAGIC || value == END_MAGIC {
                let start = end - 48;
                if start >= from_bit {
                    out.push((start, value == BLOCK_MAGIC));
                }
            }
        }
    }
    out
}

/// Appends bits to a byte buffer, most significant bit first.
struct BitWriter {
    bytes: Vec<u8>,
    acc: u64,
    nbits: u32,
}

impl BitWriter {
    fn with_capacity(n: usize) -> Self {
        BitWriter { bytes: Vec::with_capacity(n), acc: 0, nbits: 0 }
    }

    /// Writes the low `n` bits of `value` (n <= 32).
    fn put(&mut self, value: u64, n: u32) {
        self.acc = (self.acc << n) | (value & ((1u64 << n) - 1));
        self.nbits += n;
        while self.nbits >= 8 {
            self.nbits -= 8;
            self.bytes.push((self.acc >> self.nbits) as u8);
        }
    }

    /// Copies bits `[start, end)` of `data`.
    fn copy(&mut self, data: &[u8], start: u64, end: u64) {
        let mut bit = start;
        // Up to the next byte boundary bit by bit, then whole bytes, then the tail.
        while bit < end && !bit.is_multiple_of(8) {
            self.put(u64::from(data[(bit / 8) as usize] >> (7 - bit % 8)) & 1, 1);
            bit += 1;
        }
        let whole_end = end - end % 8;
        if bit < whole_end {
            for &b in &data[(bit / 8) as usize..(whole_end / 8) as usize] {
                self.put(u64::from(b), 8);
            }
            bit = whole_end;
        }
        while bit < end {
            self.put(u64::from(data[(bit / 8) as usize] >> (7 - bit % 8)) & 1, 1);
            bit += 1;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.nbits > 0 {
            let pad = 8 - self.nbits;
            self.put(0, pad);
        }
        self.bytes
    }
}

/// Reads 32 bits starting at bit `at`.
fn bits32(data: &[u8], at: u64) -> Option<u32> {
    let mut v = 0u32;
    for k in 0..32 {
        let bit = at + k;
        let byte = *data.get((bit / 8) as usize)?;
        v = (v << 1) | u32::from((byte >> (7 - bit % 8)) & 1);
    }
    Some(v)
}

/// Decodes the blocks in bits `[start, end)` of `data` (which may be several blocks after a
/// merge) as one stream whose combined CRC is computed from the blocks' own CRCs.
fn decode_range(data: &[u8], blocks: &[u64], end: u64) -> io::Result<Vec<u8>> {
    let start = blocks[0];
    let mut combined = 0u32;
    for &b in blocks {
        let crc = bits32(data, b + 48).ok_or_else(|| invalid("truncated bzip2 block header"))?;
        combined = combined.rotate_left(1) ^ crc;
    }
    let mut w = BitWriter::with_capacity(((end - start) / 8) as usize + 16);
    for &c in b"BZh9" {
        w.put(u64::from(c), 8);
    }
    w.copy(data, start, end);
    w.put(END_MAGIC >> 24, 24);
    w.put(END_MAGIC & 0xFF_FFFF, 24);
    w.put(u64::from(combined), 32);
    let stream = w.finish();
    let mut out = Vec::with_capacity(stream.len() * 5);
    bzip2::read::BzDecoder::new(&stream[..]).read_to_end(&mut out)?;
    Ok(out)
}

/// Decodes every piece, in parallel, and concatenates the output in order. A piece that fails is
/// merged with the pieces after it (a false boundary splits one block in two) and decoded again.
/// A piece that still fails ends the output there, with its error.
fn decode_pieces(data: &[u8], pieces: &[(u64, u64)], threads: usize) -> (Vec<u8>, Option<io::Error>) {
    let results: Vec<Mutex<Option<io::Result<Vec<u8>>>>> = pieces.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(pieces.len()).max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(start, end)) = pieces.get(i) else { return };
                let r = decode_range(data, &[start], end);
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(r);
                }
            });
        }
    });
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let result = results[i].lock().ok().and_then(|mut s| s.take()).unwrap_or_else(|| Err(invalid("lost block")));
        match result {
            Ok(bytes) => {
                out.extend_from_slice(&bytes);
                i += 1;
            }
            Err(first_error) => {
                // Merge with following pieces until one decodes; only the genuine block starts
                // are counted for the CRC, which is why candidates are tried from the left.
                let mut done = false;
                for extra in 1..=MAX_MERGE.min(pieces.len() - 1 - i) {
                    let end = pieces[i + extra].1;
                    let starts: Vec<u64> = (i..=i + extra).map(|k| pieces[k].0).collect();
                    for keep in subsets(&starts) {
                        if let Ok(bytes) = decode_range(data, &keep, end) {
                            out.extend_from_slice(&bytes);
                            i += extra + 1;
                            done = true;
                            break;
                        }
                    }
                    if done {
                        break;
                    }
                }
                if !done {
                    return (out, Some(first_error));
                }
            }
        }
    }
    (out, None)
}

/// The subsets of block starts to try when merging: the first start is always genuine, and each
/// later one may be genuine or false.
fn subsets(starts: &[u64]) -> Vec<Vec<u64>> {
    let rest = &starts[1..];
    (0..1u32 << rest.len())
        .map(|mask| {
            let mut v = vec![starts[0]];
            v.extend(rest.iter().enumerate().filter(|(k, _)| mask >> k & 1 == 1).map(|(_, &s)| s));
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn compress(data: &[u8], level: u32) -> Vec<u8> {
        let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::new(level));
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// Text that compresses into several blocks at level 1 (100 kB blocks).
    fn sample(n: usize) -> Vec<u8> {
        let mut s = Vec::new();
        let mut x = 7u64;
        while s.len() < n {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            writeln!(s, "<page><title>T{}</title><text>{} word{} </text></page>", x % 997, x >> 40, x % 13).unwrap();
        }
        s
    }

    fn decode_all(compressed: &[u8]) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        ParallelBz2Decoder::new(compressed).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn matches_sequential_decoding_on_many_blocks() {
        let data = sample(1_500_000);
        let compressed = compress(&data, 1);
        assert!(scan(&compressed, 0).iter().filter(|m| m.1).count() > 5, "several blocks");
        assert_eq!(decode_all(&compressed).unwrap(), data);
    }

    #[test]
    fn small_slabs_split_blocks_across_reads() {
        let data = sample(600_000);
        let compressed = compress(&data, 1);
        // Slabs much smaller than a block: blocks and magics straddle slab ends everywhere.
        for slab in [997, 4096, 30_000] {
            let mut d = ParallelBz2Decoder::new(&compressed[..]);
            d.slab = slab;
            let mut out = Vec::new();
            d.read_to_end(&mut out).unwrap();
            assert_eq!(out, data, "slab {slab}");
        }
    }

    #[test]
    fn concatenated_streams() {
        let (a, b) = (sample(300_000), sample(250_000));
        let mut compressed = compress(&a, 1);
        compressed.extend(compress(&b, 9));
        assert_eq!(decode_all(&compressed).unwrap(), [a, b].concat());
    }

    #[test]
    fn empty_and_tiny_inputs() {
        assert_eq!(decode_all(&compress(b"", 9)).unwrap(), b"");
        assert_eq!(decode_all(&compress(b"x", 9)).unwrap(), b"x");
        assert!(decode_all(b"").unwrap().is_empty());
    }

    #[test]
    fn corrupt_truncated_and_foreign_input_is_an_error() {
        let data = sample(400_000);
        let compressed = compress(&data, 1);
        assert!(decode_all(&compressed[..compressed.len() / 2]).is_err());
        // The blocks before the cut are still handed out before the error.
        let mut d = ParallelBz2Decoder::new(&compressed[..compressed.len() / 2]);
        let mut out = vec![0; data.len()];
        let mut n = 0;
        while let Ok(k) = d.read(&mut out[n..]) {
            if k == 0 {
                break;
            }
            n += k;
        }
        assert!(n > 0 && data.starts_with(&out[..n]), "{n} bytes before the error");
        let mut bad = compressed.clone();
        let mid = bad.len() / 3;
        for b in &mut bad[mid..mid + 64] {
            *b ^= 0x5A;
        }
        assert!(decode_all(&bad).is_err());
        assert!(decode_all(b"not bzip2 at all").is_err());
    }

    /// A false block magic planted inside a block's data is merged away: the output is right.
    #[test]
    fn a_false_boundary_is_merged_away() {
        let data = sample(300_000);
        let compressed = compress(&data, 1);
        let marks = scan(&compressed, 0);
        let blocks: Vec<u64> = marks.iter().filter(|m| m.1).map(|m| m.0).collect();
        let end = marks.iter().find(|m| !m.1).unwrap().0;
        // Decoding with an extra, false start in the middle of the first block: the merge finds
        // the combination of genuine starts.
        let fake_mid = blocks[0] + (blocks.get(1).copied().unwrap_or(end) - blocks[0]) / 2;
        let mut pieces = vec![(blocks[0], fake_mid), (fake_mid, blocks.get(1).copied().unwrap_or(end))];
        for w in blocks.windows(2).skip(1) {
            pieces.push((w[0], w[1]));
        }
        if blocks.len() > 1 {
            pieces.push((*blocks.last().unwrap(), end));
        }
        let (out, error) = decode_pieces(&compressed, &pieces, 2);
        assert!(error.is_none(), "{error:?}");
        assert_eq!(out, data);
    }
}
