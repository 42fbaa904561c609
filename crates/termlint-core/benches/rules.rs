//! `cargo bench -p termlint-core`: the matcher and each rule family on
//! fixed inputs (the seed article and the bilingual examples, repeated),
//! and building a 10,000-term glossary. The whole-process benchmark on a
//! generated 100 MB corpus is `scripts/bench.sh`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use termlint_core::glossary::Compiled;
use termlint_core::lint::lint;
use termlint_core::rules::Selection;
use termlint_core::settings::{Flags, Settings};

const SEED: &str = include_str!("../../../examples/quanzhou-news.en.txt");
const PO: &str = include_str!("../../../examples/bilingual/quanzhou.zh-en.po");
const ZH_PO: &str = include_str!("../../../examples/en-zh/app.zh_CN.po");

fn settings(select: &str, glossary: Compiled) -> Settings {
    let flags = Flags {
        selection: Selection {
            select: vec![select.to_owned()],
            ..Selection::default()
        },
        as_of_year: Some(2021),
        ..Flags::default()
    };
    Settings::resolve(flags, None, glossary).unwrap()
}

/// A glossary of `n` terms whose words are numbered, so that it is the
/// same on every run.
fn numbered_glossary(n: usize) -> String {
    let mut toml = String::new();
    for i in 0..n {
        toml.push_str(&format!(
            "[[term]]\ncanonical = \"Port Authority {i}\"\nvariants = [\"Harbour Office {i}\", \"Port Bureau {i}\"]\n"
        ));
    }
    toml
}

fn matcher(c: &mut Criterion) {
    let compiled = Compiled::bundled().unwrap();
    let text = SEED.repeat(20);
    let mut group = c.benchmark_group("matcher");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("find_all/seed x20", |b| {
        let mut hits = Vec::new();
        b.iter(|| {
            hits.clear();
            compiled.matcher.find_all(&text, &mut hits);
            hits.len()
        })
    });
    group.finish();
    let toml = numbered_glossary(10_000);
    c.bench_function("glossary/compile 10k terms", |b| {
        b.iter(|| Compiled::from_sources(vec![("g.toml".into(), toml.clone())]).unwrap())
    });
}

fn families(c: &mut Criterion) {
    let inputs = [
        ("seed.txt", SEED.repeat(20)),
        ("zh-en.po", PO.to_owned()),
        ("app.zh_CN.po", ZH_PO.to_owned()),
    ];
    let mut group = c.benchmark_group("lint");
    for family in ["term", "punct", "space", "garble", "bitext", "zh", "all"] {
        let settings = settings(family, Compiled::bundled().unwrap());
        for (name, text) in &inputs {
            group.throughput(Throughput::Bytes(text.len() as u64));
            let path = std::path::Path::new(name);
            group.bench_with_input(BenchmarkId::new(family, name), text, |b, text| {
                b.iter(|| {
                    lint(text.as_bytes(), Some(path), &settings, false)
                        .unwrap()
                        .diagnostics
                        .len()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, matcher, families);
criterion_main!(benches);
