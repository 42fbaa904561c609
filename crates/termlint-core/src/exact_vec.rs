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

/// A value stored as a record of `SIZE` bytes, little-endian: a stored
/// vector of them is one run of bytes, read with no decoding per field
/// (a compiled 100,000-term glossary has millions of such fields, and a
/// field at a time they were most of a warm start).
pub trait Record: Sized {
    const SIZE: usize;
    fn put(&self, out: &mut Vec<u8>);
    /// The value in `bytes`, which are exactly `SIZE` long.
    fn get(bytes: &[u8]) -> Self;
}

impl Record for u32 {
    const SIZE: usize = 4;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
    }
}

impl Record for u64 {
    const SIZE: usize = 8;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[..8]);
        u64::from_le_bytes(word)
    }
}

impl Record for bool {
    const SIZE: usize = 1;
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn get(bytes: &[u8]) -> Self {
        bytes[0] != 0
    }
}

impl<A: Record, B: Record> Record for (A, B) {
    const SIZE: usize = A::SIZE + B::SIZE;
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn get(bytes: &[u8]) -> Self {
        (A::get(&bytes[..A::SIZE]), B::get(&bytes[A::SIZE..]))
    }
}

/// A vector of [`Record`]s stored as its length, then runs of bytes of
/// at most [`records::RUN_BYTES`] each: a reader takes a run at a time
/// into a small buffer, never the whole vector's bytes at once.
pub mod records {
    use super::Record;
    use rustc_hash::FxHashMap;
    use serde::de::{DeserializeSeed, Deserializer, Error, SeqAccess, Visitor};
    use serde::ser::{Serialize, SerializeSeq, SerializeTuple, Serializer};
    use std::hash::Hash;
    use std::marker::PhantomData;

    /// The bytes of one run: under the compiled glossary reader's piece.
    pub const RUN_BYTES: usize = 32 * 1024;

    pub fn serialize<S, T, V>(values: &V, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: Record,
        V: AsRef<[T]> + ?Sized,
    {
        let values = values.as_ref();
        let mut tuple = serializer.serialize_tuple(2)?;
        tuple.serialize_element(&(values.len() as u64))?;
        tuple.serialize_element(&Runs(values))?;
        tuple.end()
    }

    struct Runs<'a, T>(&'a [T]);

    impl<T: Record> Serialize for Runs<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let per_run = (RUN_BYTES / T::SIZE).max(1);
            let mut seq = serializer.serialize_seq(Some(self.0.len().div_ceil(per_run)))?;
            let mut bytes = Vec::with_capacity(per_run * T::SIZE);
            for run in self.0.chunks(per_run) {
                bytes.clear();
                run.iter().for_each(|value| value.put(&mut bytes));
                seq.serialize_element(&Bytes(&bytes))?;
            }
            seq.end()
        }
    }

    /// Bytes that serialize as bytes, not as a sequence of numbers.
    struct Bytes<'a>(&'a [u8]);

    impl Serialize for Bytes<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }

    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Record,
    {
        read(deserializer)
    }

    /// What stored records are read into, sized once from their number.
    pub(super) trait Collect<T> {
        fn with_len(len: usize) -> Self;
        fn add(&mut self, record: T);
        fn len(&self) -> usize;
    }

    impl<T> Collect<T> for Vec<T> {
        fn with_len(len: usize) -> Self {
            Vec::with_capacity(len)
        }
        fn add(&mut self, record: T) {
            self.push(record);
        }
        fn len(&self) -> usize {
            self.len()
        }
    }

    impl<K: Eq + Hash, V> Collect<(K, V)> for FxHashMap<K, V> {
        fn with_len(len: usize) -> Self {
            FxHashMap::with_capacity_and_hasher(len, Default::default())
        }
        fn add(&mut self, (key, value): (K, V)) {
            self.insert(key, value);
        }
        fn len(&self) -> usize {
            self.len()
        }
    }

    /// Stored records read into a `C`; an error if their number is not
    /// the one stored before them.
    pub(super) fn read<'de, D, T, C>(deserializer: D) -> Result<C, D::Error>
    where
        D: Deserializer<'de>,
        T: Record,
        C: Collect<T>,
    {
        deserializer.deserialize_tuple(2, Stored::<T, C>(PhantomData))
    }

    struct Stored<T, C>(PhantomData<(T, C)>);

    impl<'de, T: Record, C: Collect<T>> Visitor<'de> for Stored<T, C> {
        type Value = C;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(
                f,
                "a number of records of {} bytes, then their bytes",
                T::SIZE
            )
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<C, A::Error> {
            let len: u64 = seq
                .next_element()?
                .ok_or_else(|| A::Error::invalid_length(0, &self))?;
            let len = usize::try_from(len).map_err(|_| A::Error::custom("too many records"))?;
            let mut out = C::with_len(len.min(super::MAX_UP_FRONT));
            let read = ReadRuns {
                out: &mut out,
                record: PhantomData::<T>,
            };
            seq.next_element_seed(read)?
                .ok_or_else(|| A::Error::invalid_length(1, &self))?;
            if out.len() != len {
                return Err(A::Error::invalid_length(out.len(), &self));
            }
            Ok(out)
        }
    }

    /// The runs of bytes, each read by [`ReadRun`].
    struct ReadRuns<'a, T, C> {
        out: &'a mut C,
        record: PhantomData<T>,
    }

    impl<'de, T: Record, C: Collect<T>> DeserializeSeed<'de> for ReadRuns<'_, T, C> {
        type Value = ();

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_seq(self)
        }
    }

    impl<'de, T: Record, C: Collect<T>> Visitor<'de> for ReadRuns<'_, T, C> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("runs of records")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let out = self.out;
            while seq
                .next_element_seed(ReadRun {
                    out: &mut *out,
                    record: PhantomData::<T>,
                })?
                .is_some()
            {}
            Ok(())
        }
    }

    /// One run of bytes, its records added to `out`.
    struct ReadRun<'a, T, C> {
        out: &'a mut C,
        record: PhantomData<T>,
    }

    impl<'de, T: Record, C: Collect<T>> DeserializeSeed<'de> for ReadRun<'_, T, C> {
        type Value = ();

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            // Not borrowed: the reader's buffer holds a piece of the file.
            deserializer.deserialize_byte_buf(self)
        }
    }

    impl<'de, T: Record, C: Collect<T>> Visitor<'de> for ReadRun<'_, T, C> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "records of {} bytes", T::SIZE)
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<(), E> {
            if !bytes.len().is_multiple_of(T::SIZE) {
                return Err(E::invalid_length(bytes.len(), &self));
            }
            for record in bytes.chunks_exact(T::SIZE) {
                self.out.add(T::get(record));
            }
            Ok(())
        }
    }
}

/// A map stored as its pairs sorted by key, as [`Record`]s (the same bytes
/// on every run, whatever the hash order), read straight into a map of
/// exactly its size.
pub mod sorted_map {
    use super::Record;
    use rustc_hash::FxHashMap;
    use serde::de::Deserializer;
    use serde::ser::Serializer;
    use std::hash::Hash;

    pub fn serialize<S, K, V>(map: &FxHashMap<K, V>, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        K: Record + Ord + Copy,
        V: Record + Copy,
    {
        let mut pairs: Vec<(K, V)> = map.iter().map(|(&k, &v)| (k, v)).collect();
        pairs.sort_unstable_by_key(|pair| pair.0);
        super::records::serialize(&pairs, serializer)
    }

    pub fn deserialize<'de, D, K, V>(deserializer: D) -> Result<FxHashMap<K, V>, D::Error>
    where
        D: Deserializer<'de>,
        K: Record + Eq + Hash,
        V: Record,
    {
        super::records::read::<D, (K, V), FxHashMap<K, V>>(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use rustc_hash::FxHashMap;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Stored {
        #[serde(with = "super::records")]
        pairs: Vec<(u32, (bool, u64))>,
        #[serde(with = "super::sorted_map")]
        map: FxHashMap<u64, (u32, u32)>,
        after: String,
    }

    #[test]
    fn records_read_back_over_many_runs() {
        let stored = Stored {
            pairs: (0..10_000u32)
                .map(|i| (i, (i % 3 == 0, u64::from(i) << 40)))
                .collect(),
            map: (0..5_000u64).map(|k| (k * 7919, (k as u32, 1))).collect(),
            after: "after".into(),
        };
        let bytes = postcard::to_allocvec(&stored).unwrap();
        // More than one run each, so runs are joined.
        assert!(stored.pairs.len() * 13 > 2 * super::records::RUN_BYTES);
        assert_eq!(postcard::from_bytes::<Stored>(&bytes).unwrap(), stored);
        // The same map gives the same bytes, whatever its hash order.
        let again: FxHashMap<u64, (u32, u32)> = (0..5_000u64)
            .rev()
            .map(|k| (k * 7919, (k as u32, 1)))
            .collect();
        let other = Stored {
            map: again,
            ..postcard::from_bytes(&bytes).unwrap()
        };
        assert_eq!(postcard::to_allocvec(&other).unwrap(), bytes);
        // A run cut short, or a count that is not the records', is an error.
        assert!(postcard::from_bytes::<Stored>(&bytes[..bytes.len() / 2]).is_err());
        let mut wrong_count = bytes.clone();
        wrong_count[0] ^= 1;
        assert!(postcard::from_bytes::<Stored>(&wrong_count).is_err());
    }
}
