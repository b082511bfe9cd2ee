//! The transformer: reads the weights of `rules/semantic/minilm-l6-int8.bin` and runs BERT's
//! forward pass over a batch of token sequences, mean-pooled into one vector each.
//!
//! The linear layers are dequantised to f32 once, at load (42 MB), and multiplied with
//! `matrixmultiply`'s sgemm; the word-embedding table stays int8 in the binary's own bytes and
//! only the rows a text uses are dequantised. The sequences of a batch are packed one after
//! the other, without padding, so attention needs no mask.

use super::{ModelError, DIM};

/// Attention heads.
const HEADS: usize = 12;
/// Width of one head.
const HEAD_DIM: usize = DIM / HEADS;
/// Width of the feed-forward layer.
const FF: usize = 1536;
/// Transformer layers.
const LAYERS: usize = 6;
/// Positions the model has embeddings for: the most tokens one sequence can have.
pub(super) const POSITIONS: usize = 512;
/// BERT's layer-norm epsilon.
const LN_EPS: f32 = 1e-12;
/// What the file starts with.
const MAGIC: &[u8; 8] = b"CCSEM001";
/// The shapes the header must state.
const SHAPES: &str = "layers=6 hidden=384 heads=12 intermediate=1536 vocab=30522 positions=512";

/// One transformer layer, f32, each matrix `[out, in]` row-major.
struct Layer {
    /// Query, key and value projections stacked: `[3 * DIM, DIM]`.
    qkv_w: Vec<f32>,
    qkv_b: Vec<f32>,
    out_w: Vec<f32>,
    out_b: Vec<f32>,
    ln1_g: Vec<f32>,
    ln1_b: Vec<f32>,
    ff_in_w: Vec<f32>,
    ff_in_b: Vec<f32>,
    ff_out_w: Vec<f32>,
    ff_out_b: Vec<f32>,
    ln2_g: Vec<f32>,
    ln2_b: Vec<f32>,
}

/// The model's weights.
pub(super) struct Weights {
    /// The word-embedding table, int8 `[vocab, DIM]`.
    word: &'static [u8],
    /// One scale per word-embedding row.
    word_scale: Vec<f32>,
    /// Position embeddings plus the token-type-0 embedding, `[POSITIONS, DIM]`.
    pos: Vec<f32>,
    ln_g: Vec<f32>,
    ln_b: Vec<f32>,
    layers: Vec<Layer>,
    /// The header's text (source, licence, as-of date).
    pub(super) header: String,
}

/// Reads the file block by block.
struct Reader {
    bytes: &'static [u8],
    at: usize,
}

impl Reader {
    fn take(&mut self, n: usize) -> Result<&'static [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(ModelError::Truncated)?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, ModelError> {
        Ok(self
            .take(n * 4)?
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }

    /// An int8 matrix with its row scales, as raw bytes; skips the padding after it.
    fn int8(&mut self, rows: usize, cols: usize) -> Result<(Vec<f32>, &'static [u8]), ModelError> {
        let scale = self.f32s(rows)?;
        let data = self.take(rows * cols)?;
        self.take((4 - (rows * cols) % 4) % 4)?;
        Ok((scale, data))
    }

    /// An int8 matrix dequantised to f32.
    fn matrix(&mut self, rows: usize, cols: usize) -> Result<Vec<f32>, ModelError> {
        let (scale, data) = self.int8(rows, cols)?;
        let mut out = Vec::with_capacity(rows * cols);
        for (row, s) in data.chunks_exact(cols).zip(&scale) {
            out.extend(row.iter().map(|&q| f32::from(q as i8) * s));
        }
        Ok(out)
    }
}

impl Weights {
    /// Reads the model file; `vocab` is the vocabulary's size.
    pub(super) fn read(bytes: &'static [u8], vocab: usize) -> Result<Weights, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(ModelError::NotAModel);
        }
        let len = r.take(4)?;
        let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let header = String::from_utf8_lossy(r.take(len)?).into_owned();
        if !header.lines().any(|l| l.trim() == SHAPES) {
            return Err(ModelError::Shapes(SHAPES));
        }
        let (word_scale, word) = r.int8(vocab, DIM)?;
        let mut pos = r.f32s(POSITIONS * DIM)?;
        let types = r.f32s(2 * DIM)?;
        // Every token is of type 0: its embedding is added to every position once, here.
        for row in pos.chunks_exact_mut(DIM) {
            row.iter_mut().zip(&types[..DIM]).for_each(|(p, t)| *p += t);
        }
        let ln_g = r.f32s(DIM)?;
        let ln_b = r.f32s(DIM)?;
        let mut layers = Vec::with_capacity(LAYERS);
        for _ in 0..LAYERS {
            let mut qkv_w = Vec::with_capacity(3 * DIM * DIM);
            let mut qkv_b = Vec::with_capacity(3 * DIM);
            for _ in 0..3 {
                qkv_w.extend(r.matrix(DIM, DIM)?);
                qkv_b.extend(r.f32s(DIM)?);
            }
            layers.push(Layer {
                qkv_w,
                qkv_b,
                out_w: r.matrix(DIM, DIM)?,
                out_b: r.f32s(DIM)?,
                ln1_g: r.f32s(DIM)?,
                ln1_b: r.f32s(DIM)?,
                ff_in_w: r.matrix(FF, DIM)?,
                ff_in_b: r.f32s(FF)?,
                ff_out_w: r.matrix(DIM, FF)?,
                ff_out_b: r.f32s(DIM)?,
                ln2_g: r.f32s(DIM)?,
                ln2_b: r.f32s(DIM)?,
            });
        }
        if r.at != bytes.len() {
            return Err(ModelError::TrailingBytes);
        }
        Ok(Weights {
            word,
            word_scale,
            pos,
            ln_g,
            ln_b,
            layers,
            header,
        })
    }

    /// The mean-pooled last hidden state of each sequence (not normalised). Every sequence
    /// holds between 1 and `POSITIONS` ids, each below the vocabulary's size.
    pub(super) fn forward(&self, seqs: &[Vec<u32>]) -> Vec<[f32; DIM]> {
        let total: usize = seqs.iter().map(Vec::len).sum();
        let mut x = vec![0f32; total * DIM];
        let mut row = 0;
        for seq in seqs {
            for (p, &id) in seq.iter().enumerate() {
                let id = id as usize;
                let q = &self.word[id * DIM..(id + 1) * DIM];
                let s = self.word_scale[id];
                let out = &mut x[row * DIM..(row + 1) * DIM];
                for ((o, &q), &pe) in out.iter_mut().zip(q).zip(&self.pos[p * DIM..]) {
                    *o = f32::from(q as i8) * s + pe;
                }
                row += 1;
            }
        }
        layer_norm(&mut x, &self.ln_g, &self.ln_b);
        let mut qkv = Vec::new();
        let mut ctx = vec![0f32; total * DIM];
        let mut proj = Vec::new();
        let mut ff = Vec::new();
        let mut scores = Vec::new();
        for l in &self.layers {
            linear(&x, total, &l.qkv_w, &l.qkv_b, 3 * DIM, DIM, &mut qkv);
            let mut start = 0;
            for seq in seqs {
                attend(&qkv, start, seq.len(), &mut ctx, &mut scores);
                start += seq.len();
            }
            linear(&ctx, total, &l.out_w, &l.out_b, DIM, DIM, &mut proj);
            x.iter_mut().zip(&proj).for_each(|(a, b)| *a += b);
            layer_norm(&mut x, &l.ln1_g, &l.ln1_b);
            linear(&x, total, &l.ff_in_w, &l.ff_in_b, FF, DIM, &mut ff);
            ff.iter_mut().for_each(|v| *v = gelu(*v));
            linear(&ff, total, &l.ff_out_w, &l.ff_out_b, DIM, FF, &mut proj);
            x.iter_mut().zip(&proj).for_each(|(a, b)| *a += b);
            layer_norm(&mut x, &l.ln2_g, &l.ln2_b);
        }
        let mut out = Vec::with_capacity(seqs.len());
        let mut start = 0;
        for seq in seqs {
            let mut mean = [0f32; DIM];
            for r in start..start + seq.len() {
                mean.iter_mut()
                    .zip(&x[r * DIM..(r + 1) * DIM])
                    .for_each(|(m, v)| *m += v);
            }
            let n = seq.len().max(1) as f32;
            mean.iter_mut().for_each(|m| *m /= n);
            out.push(mean);
            start += seq.len();
        }
        out
    }
}

/// `y = x · wᵀ + b` for `rows` rows of `x` (`[rows, k]`), `w` `[n, k]`, `b` `[n]`.
fn linear(x: &[f32], rows: usize, w: &[f32], b: &[f32], n: usize, k: usize, y: &mut Vec<f32>) {
    y.clear();
    for _ in 0..rows {
        y.extend_from_slice(b);
    }
    if rows == 0 || x.len() < rows * k || w.len() < n * k || b.len() != n {
        return;
    }
    // SAFETY: the pointers cover `x` `[rows, k]` (row stride k), `w` read as its transpose
    // `[k, n]` (row stride 1, column stride k) and `y` `[rows, n]`, all within the slices
    // checked above; `y` does not alias the inputs.
    unsafe {
        matrixmultiply::sgemm(
            rows,
            k,
            n,
            1.0,
            x.as_ptr(),
            k as isize,
            1,
            w.as_ptr(),
            1,
            k as isize,
            1.0,
            y.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

/// Self-attention of one sequence (rows `start..start + n` of `qkv`, `[total, 3 * DIM]`),
/// written to the same rows of `ctx` (`[total, DIM]`).
fn attend(qkv: &[f32], start: usize, n: usize, ctx: &mut [f32], scores: &mut Vec<f32>) {
    let stride = 3 * DIM;
    if n == 0 || qkv.len() < (start + n) * stride || ctx.len() < (start + n) * DIM {
        return;
    }
    scores.clear();
    scores.resize(n * n, 0.0);
    let scale = 1.0 / (HEAD_DIM as f32).sqrt();
    for h in 0..HEADS {
        let q = &qkv[start * stride + h * HEAD_DIM..];
        let k = &qkv[start * stride + DIM + h * HEAD_DIM..];
        let v = &qkv[start * stride + 2 * DIM + h * HEAD_DIM..];
        // SAFETY: q, k and v are read at rows 0..n (stride `stride`) and columns 0..HEAD_DIM
        // from their offsets, inside `qkv` (checked above); `scores` is `[n, n]`.
        unsafe {
            matrixmultiply::sgemm(
                n,
                HEAD_DIM,
                n,
                scale,
                q.as_ptr(),
                stride as isize,
                1,
                k.as_ptr(),
                1,
                stride as isize,
                0.0,
                scores.as_mut_ptr(),
                n as isize,
                1,
            );
        }
        for row in scores.chunks_exact_mut(n) {
            let max = row.iter().fold(f32::NEG_INFINITY, |m, &s| m.max(s));
            let mut sum = 0.0;
            for s in row.iter_mut() {
                *s = (*s - max).exp();
                sum += *s;
            }
            let inv = 1.0 / sum;
            row.iter_mut().for_each(|s| *s *= inv);
        }
        let out = &mut ctx[start * DIM + h * HEAD_DIM..];
        // SAFETY: `scores` is `[n, n]`; v is read at rows 0..n, columns 0..HEAD_DIM inside
        // `qkv`; `out` is written at rows 0..n (stride DIM), columns 0..HEAD_DIM inside `ctx`
        // (checked above), which aliases neither input.
        unsafe {
            matrixmultiply::sgemm(
                n,
                n,
                HEAD_DIM,
                1.0,
                scores.as_ptr(),
                n as isize,
                1,
                v.as_ptr(),
                stride as isize,
                1,
                0.0,
                out.as_mut_ptr(),
                DIM as isize,
                1,
            );
        }
    }
}

/// Normalises each `DIM`-wide row of `x` to zero mean and unit variance, then scales and shifts.
fn layer_norm(x: &mut [f32], g: &[f32], b: &[f32]) {
    for row in x.chunks_exact_mut(DIM) {
        let mean = row.iter().sum::<f32>() / DIM as f32;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / DIM as f32;
        let inv = 1.0 / (var + LN_EPS).sqrt();
        for ((v, g), b) in row.iter_mut().zip(g).zip(b) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

/// GELU in its exact (erf) form, as BERT uses it.
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// The error function, to single precision: a rational approximation on [-4, 4] (outside it
/// erf is ±1 in f32), without branches or `exp`, so that the loop over a layer vectorises.
fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = x2 * -2.726_142_3e-10 + 2.770_681_4e-8;
    p = x2 * p + -2.101_024e-6;
    p = x2 * p + -5.692_506_4e-5;
    p = x2 * p + -7.349_906_3e-4;
    p = x2 * p + -2.954_600_2e-3;
    p = x2 * p + -1.609_603_3e-2;
    p *= x;
    let mut q = x2 * -1.456_607_2e-5 + -2.133_740_6e-4;
    q = x2 * q + -1.682_827e-3;
    q = x2 * q + -7.373_329e-3;
    q = x2 * q + -1.426_473_9e-2;
    p / q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [
            (0.0, 0.0),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (-2.0, -0.995_322_3),
            (9.0, 1.0),
        ] {
            assert!((erf(x) - want).abs() < 1e-6, "erf({x}) = {}", erf(x));
        }
    }
}
