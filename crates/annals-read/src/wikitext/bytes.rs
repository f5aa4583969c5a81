//! Fast byte searches for the hot loops.
//!
//! The parser stops at markup bytes, which in real articles come every 20 to 70 bytes. A search
//! therefore computes, for a block of 32 bytes at a time, a bit mask of the bytes that match (a
//! fixed-size loop without early exit that the compiler turns into vector compares and a
//! move-mask), and takes its lowest set bit: a few instructions per block, whatever the density.

const BLOCK: usize = 32;

/// The first index at or after `from` whose byte satisfies `hit`.
#[inline(always)]
pub(crate) fn find(bytes: &[u8], from: usize, hit: impl Fn(u8) -> bool) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut blocks = rest.chunks_exact(BLOCK);
    let mut offset = from;
    for block in blocks.by_ref() {
        let m = mask(block, &hit);
        if m != 0 {
            return Some(offset + m.trailing_zeros() as usize);
        }
        offset += BLOCK;
    }
    blocks.remainder().iter().position(|&b| hit(b)).map(|k| offset + k)
}

/// The bits of the bytes of a block that satisfy `hit`.
#[inline(always)]
fn mask(block: &[u8], hit: &impl Fn(u8) -> bool) -> u32 {
    let Ok(block) = <&[u8; BLOCK]>::try_from(block) else { return 0 };
    let mut m = 0u32;
    for (j, &b) in block.iter().enumerate() {
        m |= (hit(b) as u32) << j;
    }
    m
}

/// The bytes where the matching pass must stop: `{ } [ ] <`. Or-ing 0x20 maps `[` and `]` onto
/// `{` and `}`, so three comparisons cover five bytes.
#[inline(always)]
pub(crate) fn is_markup(b: u8) -> bool {
    let folded = b | 0x20;
    (folded == b'{') | (folded == b'}') | (b == b'<')
}

/// The bytes where the matching pass must stop inside a link: [`is_markup`] and `|`, `\n`.
#[inline(always)]
pub(crate) fn is_link_markup(b: u8) -> bool {
    is_markup(b) | (b == b'|') | (b == b'\n')
}

/// The bytes where inline rendering must stop: `' & < \n _`.
#[inline(always)]
pub(crate) fn is_inline(b: u8) -> bool {
    ((b & 0xfe) == b'&') | (b == b'<') | (b == b'\n') | (b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let markup: Vec<u8> = (0..=255u8).filter(|&b| is_markup(b)).collect();
        assert_eq!(markup, b"<[]{}");
        let link: Vec<u8> = (0..=255u8).filter(|&b| is_link_markup(b)).collect();
        assert_eq!(link, b"\n<[]{|}");
        let inline: Vec<u8> = (0..=255u8).filter(|&b| is_inline(b)).collect();
        assert_eq!(inline, b"\n&'<_");
    }

    #[test]
    fn finds_across_blocks() {
        let mut text = vec![b'a'; 100];
        text[70] = b'{';
        assert_eq!(find(&text, 0, is_markup), Some(70));
        assert_eq!(find(&text, 71, is_markup), None);
        assert_eq!(find(&text, 100, is_markup), None);
        assert_eq!(find(&text, 500, is_markup), None);
    }
}
