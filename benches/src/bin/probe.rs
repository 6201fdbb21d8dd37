fn main() {
    let hay = rxguard_benches::prose(1 << 20);
    let p = std::env::args()
        .nth(1)
        .unwrap_or(r"\b(?>[a-z]+ly)\b".into());
    let o = rxguard_matcher::Regex::builder()
        .flavor(rxguard_syntax::Flavor::Pcre)
        .build(&p)
        .unwrap();
    let mut n = 0;
    for _ in 0..20 {
        n += o.find_iter(&hay).count();
    }
    println!("{n}");
}
