-- The overlap an import may add to the ledger without the person confirming it, in mu (ellipsoidal area of the
-- intersection with a live parcel or another parcel of the same file). Above it, a commit is refused until the person
-- ticks the overlap; 重复上图 in 预警 lists live parcels overlapping by more than it. 0.1 mu (≈ 67 m²) is above the
-- slivers two surveys of one shared edge leave, and below any real double mapping.
ALTER TABLE campaigns ADD COLUMN overlap_threshold_mu double precision NOT NULL DEFAULT 0.1
  CHECK (overlap_threshold_mu >= 0 AND overlap_threshold_mu <= 100);
