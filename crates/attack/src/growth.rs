//! Growth fitting: from steps measured at growing attack lengths, decide whether the work
//! is linear, polynomial (and of which degree) or exponential, and extrapolate the length
//! at which it reaches a step threshold.
//!
//! Both models are fitted by least squares in their linear forms — `ln steps = a + b·len`
//! (exponential) and `ln steps = a + d·ln len` (polynomial) — over the measured points, and
//! the better fit wins. Measuring small and extrapolating keeps the analysis cheap; the
//! measured points go into the report so the claim can be checked.

/// How the work grows with the attack length.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Growth {
    /// At most linear (fitted exponent below 1.5).
    Linear,
    /// `steps ≈ c · len^degree`.
    Polynomial {
        /// The degree, rounded from `exponent`.
        degree: u32,
        /// The fitted exponent.
        exponent: f64,
    },
    /// `steps ≈ c · base^len`.
    Exponential {
        /// Growth factor per added character.
        base: f64,
    },
    /// Too few usable points to tell.
    Undetermined,
}

/// A fitted curve and its use.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// The growth class.
    pub growth: Growth,
    a: f64,
    b: f64,
}

impl Fit {
    /// The shortest length at which the fitted curve reaches `steps`, if it grows.
    pub fn length_for(&self, steps: f64) -> Option<f64> {
        let target = steps.ln();
        match self.growth {
            Growth::Exponential { .. } if self.b > 0.0 => {
                Some(((target - self.a) / self.b).max(1.0))
            }
            Growth::Polynomial { .. } | Growth::Linear if self.b > 0.0 => {
                Some(((target - self.a) / self.b).exp().max(1.0))
            }
            _ => None,
        }
    }

    /// log10 of the steps predicted at `len`: finite where `steps_at` overflows (an
    /// exponential curve at 100,000 characters).
    pub fn log10_steps_at(&self, len: f64) -> f64 {
        let ln = match self.growth {
            Growth::Exponential { .. } => self.a + self.b * len,
            _ => self.a + self.b * len.max(1.0).ln(),
        };
        ln / std::f64::consts::LN_10
    }

    /// Steps predicted at `len`.
    pub fn steps_at(&self, len: f64) -> f64 {
        match self.growth {
            Growth::Exponential { .. } => (self.a + self.b * len).exp(),
            _ => (self.a + self.b * len.max(1.0).ln()).exp(),
        }
    }
}

/// Least-squares line through `(x, y)`: returns (intercept, slope, residual sum of squares).
fn line(points: &[(f64, f64)]) -> (f64, f64, f64) {
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x, b + y));
    let (mx, my) = (sx / n, sy / n);
    let sxx: f64 = points.iter().map(|&(x, _)| (x - mx) * (x - mx)).sum();
    let sxy: f64 = points.iter().map(|&(x, y)| (x - mx) * (y - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let intercept = my - slope * mx;
    let rss = points
        .iter()
        .map(|&(x, y)| (y - intercept - slope * x).powi(2))
        .sum();
    (intercept, slope, rss)
}

/// Fits `(length, steps)` points. Points whose steps are below `floor` carry too much
/// constant overhead to show the growth and are left out.
pub fn fit(points: &[(u64, u64)], floor: u64) -> Fit {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter(|&&(len, steps)| len > 0 && steps >= floor)
        .map(|&(len, steps)| (len as f64, (steps as f64).ln()))
        .collect();
    if pts.len() < 3 {
        return Fit {
            growth: Growth::Undetermined,
            a: 0.0,
            b: 0.0,
        };
    }
    // Use the largest points, the asymptotic regime: the last six, but none shorter than
    // a third of the longest, where a fixed prefix still weighs on the steps (at least
    // three).
    let longest = pts[pts.len() - 1].0;
    let mut from = pts.len().saturating_sub(6);
    while from + 3 < pts.len() && pts[from].0 * 3.0 < longest {
        from += 1;
    }
    let tail = &pts[from..];
    let (ea, eb, erss) = line(tail);
    let logs: Vec<(f64, f64)> = tail.iter().map(|&(x, y)| (x.ln(), y)).collect();
    let (pa, pb, prss) = line(&logs);
    // An exponential curve bends upwards in log-log space: its local exponents keep
    // growing. Prefer it only when it fits clearly better and the exponent is large.
    if erss < prss * 0.5 && pb >= 3.0 && eb > 0.0 {
        return Fit {
            growth: Growth::Exponential { base: eb.exp() },
            a: ea,
            b: eb,
        };
    }
    let growth = if pb < 1.5 {
        Growth::Linear
    } else {
        Growth::Polynomial {
            degree: pb.round() as u32,
            exponent: pb,
        }
    };
    Fit {
        growth,
        a: pa,
        b: pb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_synthetic_curves() {
        let lin: Vec<(u64, u64)> = (1..10).map(|i| (i * 100, i * 700 + 50)).collect();
        assert_eq!(fit(&lin, 10).growth, Growth::Linear);
        let cubic: Vec<(u64, u64)> = (1..10u64).map(|i| (i * 50, (i * 50).pow(3) / 6)).collect();
        match fit(&cubic, 10).growth {
            Growth::Polynomial { degree, .. } => assert_eq!(degree, 3),
            g => panic!("{g:?}"),
        }
        let exp: Vec<(u64, u64)> = (10..20).map(|i| (i, 1u64 << i)).collect();
        match fit(&exp, 10).growth {
            Growth::Exponential { base } => assert!((base - 2.0).abs() < 0.01),
            g => panic!("{g:?}"),
        }
        let f = fit(&exp, 10);
        let at = f.length_for(1e8).unwrap();
        assert!((at - 26.575).abs() < 0.1, "{at}");
    }
}
