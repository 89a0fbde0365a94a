//! The grid search used to set the summary's parameters, on the tuning sets
//! only (tests/summaries-dev and tests/summaries; never on
//! tests/summaries-fresh, the held-out set):
//!
//!     cargo run --release -p khabar --example summary_tune [DIR…] [--show]
//!
//! Prints the default parameters' scores, then the best grid points by mean
//! ROUGE F (R-1 + R-2 + R-L) / 3, for the full analysis and for the fast
//! path (text layer only, light stems). `--show` prints each article's picks
//! with the default parameters, for reading errors.

use khabar::eval::rouge::{read_cases, rouge_seq, rouge_tokens, sentence_tokens, Rouge};
use khabar::summary::summarize::{lead, textrank, Params, SummaryStage, Terms, Weights};
use khabar::{Document, Pipeline};
use std::path::PathBuf;

fn mean(rs: &[Rouge]) -> [f64; 3] {
    let n = rs.len() as f64;
    [
        rs.iter().map(|r| r.rouge1.f).sum::<f64>() / n,
        rs.iter().map(|r| r.rouge2.f).sum::<f64>() / n,
        rs.iter().map(|r| r.rouge_l.f).sum::<f64>() / n,
    ]
}

fn run(docs: &[(Document, Vec<String>)], p: Params) -> [f64; 3] {
    let st = SummaryStage::new(3).with_params(p);
    let rs: Vec<Rouge> = docs.iter().map(|(d, r)| rouge_seq(&sentence_tokens(d, &st.choose(d)), r)).collect();
    mean(&rs)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--show");
    let mut dirs: Vec<PathBuf> = args.iter().filter(|a| !a.starts_with("--")).map(PathBuf::from).collect();
    if dirs.is_empty() {
        dirs.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/summaries-dev")));
    }
    let mut cases = Vec::new();
    // Where each case came from, to print each set's figures beside the mean.
    let mut set_of = Vec::new();
    for (k, dir) in dirs.iter().enumerate() {
        let c = read_cases(dir).expect("cases");
        set_of.extend(std::iter::repeat(k).take(c.len()));
        cases.extend(c);
    }
    for (label, pipe) in [("full", Pipeline::full().unwrap()), ("fast", Pipeline::text_layer().unwrap())] {
        let docs: Vec<(Document, Vec<String>)> =
            cases.iter().map(|c| (pipe.analyze(&c.text), rouge_tokens(&c.reference))).collect();
        let base = |f: &dyn Fn(&Document) -> Vec<khabar::SentenceId>| {
            mean(&docs.iter().map(|(d, r)| rouge_seq(&sentence_tokens(d, &f(d)), r)).collect::<Vec<_>>())
        };
        println!("[{label}] {} articles", docs.len());
        println!("  lead3    {:.3?}", base(&|d| lead(d, 3)));
        println!("  textrank {:.3?}", base(&|d| textrank(d, 3)));
        println!("  default  {:.3?}", run(&docs, Params::default()));
        if show {
            let st = SummaryStage::new(3);
            for ((d, r), c) in docs.iter().zip(&cases) {
                let pick = st.choose(d);
                let rr = rouge_seq(&sentence_tokens(d, &pick), r);
                let lp = lead(d, 3);
                let lr = rouge_seq(&sentence_tokens(d, &lp), r);
                println!(
                    "  {:26} {:?} R1 {:.3}   lead {:?} R1 {:.3}",
                    c.name,
                    pick.iter().map(|s| s.index()).collect::<Vec<_>>(),
                    rr.rouge1.f,
                    lp.iter().map(|s| s.index()).collect::<Vec<_>>(),
                    lr.rouge1.f
                );
            }
        }
        let mut rows = Vec::new();
        for pos in [0.3, 0.4, 0.5, 0.6, 0.7] {
            for cen in [0.1, 0.2, 0.3, 0.45] {
                for ent in [0.0] {
                    for len in [0.0, 0.1] {
                        for decay in [0.25, 0.5, 1.0] {
                            for opener in [1.0, 0.5, 0.0] {
                                for background in [1.0, 0.5] {
                                    for redundant in [0.5] {
                                      for quote in [1.0, 0.8] {
                                       for figures in [1.0, 1.2, 1.4, 1.6] {
                                        for terms in [Terms::Stems] {
                                            let p = Params {
                                                weights: Weights {
                                                    position: pos,
                                                    centrality: cen,
                                                    entities: ent,
                                                    keywords: 0.0,
                                                    length: len,
                                                },
                                                position_decay: decay,
                                                opener,
                                                background,
                                                redundant,
                                                quote,
                                                figures,
                                                terms,
                                            };
                                            let m = run(&docs, p);
                                            rows.push(((m[0] + m[1] + m[2]) / 3.0, m, p));
                                        }
                                       }
                                      }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        // The best point of each value of the choices the notes discuss.
        let best = |what: &str, f: &dyn Fn(&Params) -> bool| {
            if let Some((s, m, _)) = rows.iter().find(|r| f(&r.2)) {
                println!("  best with {what:18} {s:.3} {m:.3?}");
            }
        };
        best("terms Auto", &|p| p.terms == Terms::Auto);
        best("terms Stems", &|p| p.terms == Terms::Stems);
        for o in [1.0, 0.5, 0.0] {
            best(&format!("opener {o}"), &|p| p.opener == o);
        }
        best("entities 0", &|p| p.weights.entities == 0.0);
        best("entities 0.15", &|p| p.weights.entities > 0.0);
        best("background 1", &|p| p.background == 1.0);
        best("background 0.5", &|p| p.background < 1.0);
        for q in [1.0, 0.8] {
            best(&format!("quote {q}"), &|p| p.quote == q);
        }
        for x in [1.0, 1.2, 1.4, 1.6] {
            best(&format!("figures {x}"), &|p| p.figures == x);
        }
        for (s, m, p) in rows.iter().take(8) {
            let w = p.weights;
            if dirs.len() > 1 {
                for k in 0..dirs.len() {
                    let part: Vec<(Document, Vec<String>)> =
                        docs.iter().zip(&set_of).filter(|(_, &j)| j == k).map(|(d, _)| d.clone()).collect();
                    let lead3 = mean(
                        &part.iter().map(|(d, r)| rouge_seq(&sentence_tokens(d, &lead(d, 3)), r)).collect::<Vec<_>>(),
                    );
                    println!("      set {k}: {:.3?} (lead3 {:.3?})", run(&part, *p), lead3);
                }
            }
            println!(
                "  {s:.3} {m:.3?} pos {} cen {} ent {} len {} decay {} opener {} bg {} red {} quote {} fig {} {:?}",
                w.position, w.centrality, w.entities, w.length, p.position_decay, p.opener, p.background, p.redundant,
                p.quote, p.figures, p.terms
            );
        }
    }
}
