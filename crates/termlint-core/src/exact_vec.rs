//! Reading a stored sequence into a vector of exactly its length.
//!
//! serde's own `Vec` reader allocates at most about 1 MiB up front, however
//! long the stored sequence says it is, then grows by doubling: a compiled
//! 100,000-term glossary then holds vectors with up to twice the room they
//! need, and two copies of each while it grows. The compiled glossary is
//! checksummed before it is read, so its lengths can be trusted; a cap still
//! bounds what a wrong length could ask for.

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use std::marker::PhantomData;

/// More elements than any glossary has: a length beyond it is read, but
/// not allocated for up front.
const MAX_UP_FRONT: usize = 1 << 24;

pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Exact<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for Exact<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_UP_FRONT));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
    }

    deserializer.deserialize_seq(Exact(PhantomData))
}

/// A map stored as a sequence of pairs sorted by key (the same bytes on
/// every run, whatever the hash order), read straight into a map of
/// exactly its size: no intermediate vector, no rehashing as it grows.
pub mod sorted_map {
    use rustc_hash::FxHashMap;
    use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
    use serde::ser::{Serialize, SerializeSeq, Serializer};
    use std::hash::Hash;
    use std::marker::PhantomData;

    pub fn serialize<S, K, V>(map: &FxHashMap<K, V>, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        K: Serialize + Ord,
        V: Serialize,
    {
        let mut pairs: Vec<(&K, &V)> = map.iter().collect();
        pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut seq = serializer.serialize_seq(Some(pairs.len()))?;
        for pair in pairs {
            seq.serialize_element(&pair)?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D, K, V>(deserializer: D) -> Result<FxHashMap<K, V>, D::Error>
    where
        D: Deserializer<'de>,
        K: Deserialize<'de> + Eq + Hash,
        V: Deserialize<'de>,
    {
        struct Pairs<K, V>(PhantomData<(K, V)>);

        impl<'de, K, V> Visitor<'de> for Pairs<K, V>
        where
            K: Deserialize<'de> + Eq + Hash,
            V: Deserialize<'de>,
        {
            type Value = FxHashMap<K, V>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a sequence of pairs")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let capacity = seq.size_hint().unwrap_or(0).min(super::MAX_UP_FRONT);
                let mut map = FxHashMap::with_capacity_and_hasher(capacity, Default::default());
                while let Some((key, value)) = seq.next_element::<(K, V)>()? {
                    map.insert(key, value);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_seq(Pairs(PhantomData))
    }
}
