//! Growth fitting: from steps measured at growing attack lengths, decide whether the work
//! is linear, polynomial (and of which degree) or exponential, and extrapolate the length
//! at which it reaches a step threshold.
//!
//! Both models are fitted by least squares in their linear forms — `ln steps = a + b·len`
//! (exponential) and `ln steps = a + d·ln len` (polynomial) — over the measured points, and
//! the better fit wins. Measuring small and extrapolating keeps the analysis cheap; the
//! measured points go into the report so the claim can be checked.
//!
//! A power law extrapolates a polynomial badly when its lower terms still weigh at the
//! measured lengths: `(bot|…|Google.*/x|…)` spends ~150 steps per start position on the
//! alternation and a quadratic scan after each `Google`, so its local exponent is 1.65 at
//! 1,000 characters and the power law put 8.8e8 steps at 100,000 where the simulator runs
//! 4.2e9. A backtracker's steps on `prefix·pumpⁿ·suffix` are, past the first pumps, a
//! polynomial in `n` with integer degree, so growth is also tried as an [`Exact`]
//! polynomial: interpolated through the last measured points and kept only where it
//! predicts the points before them (to a part in a thousand); then it extrapolates.

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
    exact: Option<Exact>,
}

/// Highest degree tried for an [`Exact`] polynomial.
const MAX_EXACT_DEGREE: usize = 6;

/// Measured points before the interpolated ones that an [`Exact`] polynomial must predict.
const EXACT_CHECKS: usize = 2;

/// How close (relative) an [`Exact`] polynomial must come to each checked point.
const EXACT_TOLERANCE: f64 = 1e-3;

/// Share of the steps at the longest measured point that the leading term must carry for
/// a curve whose power law looks linear to count as super-linear.
const EXACT_LEADING_SHARE: f64 = 0.05;

/// Steps as a polynomial of the length, in Newton form over the interpolated lengths
/// (scaled by the longest, which keeps the terms near 1 where they were measured).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Exact {
    degree: usize,
    nodes: [f64; MAX_EXACT_DEGREE + 1],
    coef: [f64; MAX_EXACT_DEGREE + 1],
    scale: f64,
    /// The shortest length the polynomial was checked at: below it the power law answers.
    from: f64,
}

impl Exact {
    fn at(&self, len: f64) -> f64 {
        let u = len / self.scale;
        let mut v = self.coef[self.degree];
        for k in (0..self.degree).rev() {
            v = v * (u - self.nodes[k]) + self.coef[k];
        }
        v
    }

    /// The leading term's value at `len`.
    fn leading_at(&self, len: f64) -> f64 {
        self.coef[self.degree] * (len / self.scale).powi(self.degree as i32)
    }

    /// The interpolating polynomial of degree `degree` through the last `degree + 1` of
    /// `points` (length, steps), if it predicts the [`EXACT_CHECKS`] points before them
    /// and its leading coefficient is positive.
    fn through(points: &[(f64, f64)], degree: usize) -> Option<Exact> {
        let used = degree + 1;
        if degree > MAX_EXACT_DEGREE || points.len() < used + EXACT_CHECKS {
            return None;
        }
        let (checks, last) = points.split_at(points.len() - used);
        let scale = last[degree].0;
        let mut nodes = [0.0; MAX_EXACT_DEGREE + 1];
        let mut coef = [0.0; MAX_EXACT_DEGREE + 1];
        for (k, &(x, y)) in last.iter().enumerate() {
            nodes[k] = x / scale;
            coef[k] = y;
        }
        // Divided differences, in place.
        for j in 1..used {
            for k in (j..used).rev() {
                coef[k] = (coef[k] - coef[k - 1]) / (nodes[k] - nodes[k - j]);
            }
        }
        let exact = Exact {
            degree,
            nodes,
            coef,
            scale,
            from: checks[checks.len() - EXACT_CHECKS].0,
        };
        let holds = coef[degree] > 0.0
            && checks[checks.len() - EXACT_CHECKS..]
                .iter()
                .all(|&(x, y)| (exact.at(x) - y).abs() <= EXACT_TOLERANCE * y);
        holds.then_some(exact)
    }

    /// The shortest length from [`Exact::from`] at which the polynomial reaches `steps`
    /// (`None` below its value there).
    fn length_for(&self, steps: f64) -> Option<f64> {
        if self.at(self.from) > steps {
            return None;
        }
        let (mut lo, mut hi) = (self.from, self.scale.max(self.from));
        while self.at(hi) < steps {
            lo = hi;
            hi *= 2.0;
            if !hi.is_finite() {
                return None;
            }
        }
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if self.at(mid) >= steps {
                hi = mid;
            } else {
                lo = mid;
            }
            if hi - lo < 1e-3 * hi.max(1.0) {
                break;
            }
        }
        Some(hi)
    }
}

impl Fit {
    /// The shortest length at which the fitted curve reaches `steps`, if it grows.
    pub fn length_for(&self, steps: f64) -> Option<f64> {
        if let Some(len) = self.exact.and_then(|e| e.length_for(steps)) {
            return Some(len.max(1.0));
        }
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
        if let Some(e) = self.exact.filter(|e| len >= e.from) {
            return e.at(len).max(1.0).log10();
        }
        let ln = match self.growth {
            Growth::Exponential { .. } => self.a + self.b * len,
            _ => self.a + self.b * len.max(1.0).ln(),
        };
        ln / std::f64::consts::LN_10
    }

    /// Steps predicted at `len`.
    pub fn steps_at(&self, len: f64) -> f64 {
        if let Some(e) = self.exact.filter(|e| len >= e.from) {
            return e.at(len).max(1.0);
        }
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
    let kept: Vec<(f64, f64)> = points
        .iter()
        .filter(|&&(len, steps)| len > 0 && steps >= floor)
        .map(|&(len, steps)| (len as f64, steps as f64))
        .collect();
    let pts: Vec<(f64, f64)> = kept.iter().map(|&(len, steps)| (len, steps.ln())).collect();
    if pts.len() < 3 {
        return Fit {
            growth: Growth::Undetermined,
            a: 0.0,
            b: 0.0,
            exact: None,
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
            exact: None,
        };
    }
    let exact = exact_polynomial(&kept, pb);
    let growth = match exact {
        Some(e) => Growth::Polynomial {
            degree: e.degree as u32,
            exponent: pb,
        },
        None if pb < 1.5 => Growth::Linear,
        None => Growth::Polynomial {
            degree: pb.round() as u32,
            exponent: pb,
        },
    };
    Fit {
        growth,
        a: pa,
        b: pb,
        exact,
    }
}

/// The lowest-degree [`Exact`] polynomial (degree 2 up to one above the power law's
/// exponent) that the measured points bear out, for curves whose power law is super-linear
/// or close to it; one that looks linear must also owe [`EXACT_LEADING_SHARE`] of its
/// longest run to the leading term. `pts`: (length, steps), the points [`fit`] keeps.
fn exact_polynomial(pts: &[(f64, f64)], exponent: f64) -> Option<Exact> {
    if exponent < 1.2 {
        return None;
    }
    let longest = *pts.last()?;
    let top = (exponent.round() as usize + 1).clamp(2, MAX_EXACT_DEGREE);
    (2..=top)
        .find_map(|d| Exact::through(pts, d))
        .filter(|e| exponent >= 1.5 || e.leading_at(longest.0) >= EXACT_LEADING_SHARE * longest.1)
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

    /// Lengths as `measure` grows them (one character per pump).
    fn lengths() -> Vec<u64> {
        let mut n = 1u64;
        let mut out = Vec::new();
        while n < 2_000 {
            out.push(n);
            n = match n {
                0..8 => n + 1,
                8..64 => n + n / 4,
                _ => n + n / 2,
            };
        }
        out
    }

    /// `f`'s steps at those lengths, up to a run budget of 10⁶ steps.
    fn points(f: impl Fn(f64) -> f64) -> Vec<(u64, u64)> {
        lengths()
            .into_iter()
            .map(|n| (n, f(n as f64).round() as u64))
            .take_while(|p| p.1 <= 1_000_000)
            .collect()
    }

    #[test]
    fn a_quadratic_with_heavy_linear_work_extrapolates_exactly() {
        // A long alternation tried at every start, then a scan: local exponent ~1.7 at
        // 1,000 characters, where a power law puts 100,000 characters 4-5x too low.
        let truth = |n: f64| 0.42 * n * n + 150.0 * n + 900.0;
        let f = fit(&points(truth), 50);
        assert_eq!(
            f.growth,
            Growth::Polynomial {
                degree: 2,
                exponent: f.b
            }
        );
        assert!(f.b < 1.8, "the power law alone sees {}", f.b);
        let at = f.steps_at(100_000.0);
        assert!((at / truth(100_000.0) - 1.0).abs() < 1e-4, "{at}");
        let power_law = (f.a + f.b * 100_000f64.ln()).exp();
        assert!(power_law < 0.5 * truth(100_000.0));
        let len = f.length_for(1e9).unwrap();
        assert!((truth(len) / 1e9 - 1.0).abs() < 1e-2, "{len}");
        assert!((f.log10_steps_at(100_000.0) - truth(100_000.0).log10()).abs() < 1e-4);
    }

    #[test]
    fn a_fixed_prefix_does_not_raise_the_degree() {
        // `^(.{80})(.*\s.*)$` on 80 characters and a pumped tab: quadratic in the pumps,
        // so in the length past the prefix; the power law read 3 from 80 to 2,000.
        let truth = |n: f64| {
            let k = (n - 80.0).max(0.0);
            3.0 * k * k + 20.0 * k
        };
        let pts: Vec<_> = points(truth).into_iter().filter(|p| p.0 > 80).collect();
        let f = fit(&pts, 50);
        assert!(
            matches!(f.growth, Growth::Polynomial { degree: 2, .. }),
            "{f:?}"
        );
        assert!(f.b > 2.5, "the power law alone sees {}", f.b);
        assert!((f.steps_at(100_000.0) / truth(100_000.0) - 1.0).abs() < 1e-4);
    }

    #[test]
    fn curves_no_polynomial_predicts_keep_the_power_law() {
        let truth = |n: f64| 3.0 * n.powf(2.4);
        let f = fit(&points(truth), 50);
        assert_eq!(f.exact, None);
        assert!(
            matches!(f.growth, Growth::Polynomial { degree: 2, .. }),
            "{f:?}"
        );
        let at = f.steps_at(100_000.0);
        assert!((at / truth(100_000.0) - 1.0).abs() < 0.05, "{at}");
    }

    #[test]
    fn linear_work_stays_linear_however_large_its_constant() {
        for truth in [
            |n: f64| 700.0 * n + 5_000.0,
            // A quadratic term too small to show before 100,000 characters.
            |n: f64| 1_000.0 * n + 0.001 * n * n,
        ] {
            let f = fit(&points(truth), 50);
            assert_eq!(f.growth, Growth::Linear, "{f:?}");
        }
        // A quadratic that carries a fair share of the longest run is one, though its
        // power law says 1.3.
        let f = fit(&points(|n: f64| 400.0 * n + 0.3 * n * n), 50);
        assert!(f.b < 1.5, "{}", f.b);
        assert!(
            matches!(f.growth, Growth::Polynomial { degree: 2, .. }),
            "{f:?}"
        );
    }
}
