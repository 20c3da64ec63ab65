/**
 * The DTW_D kernel as a small WebAssembly module with 128-bit SIMD, assembled here from TypeScript (no binary
 * blob, no download, no build step). The JavaScript kernel in `dtwKernel.ts` runs 4–6× slower than the C
 * reference per cell: V8 cannot vectorise the feature sum, and its typed-array loop overhead dominates the
 * univariate case. WebAssembly with f64x2 closes most of that gap.
 *
 * Same algorithm and arithmetic as the C reference (`../shared/perf/dtw_ref.c`): two rows indexed by absolute
 * column, a Sakoe-Chiba band, the squared Euclidean pointwise cost summed in eight partial sums (four f64x2
 * accumulators holding s0..s7, a scalar tail into s0, combined as ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7))), no fused
 * multiply-add — so the distances are bit-identical to the C reference. Early abandoning: after each row, when
 * the row minimum plus the suffix lower bound `rest[min(i + restOffset, restLast)]` reaches `ub`, it returns
 * `Infinity`. Rows start at the first column the previous row left below the bound and, multivariate, stop past
 * the last one once a cell reaches it (EAPrunedDTW's pruning); an optional per-column suffix bound caps each
 * cell's own limit.
 *
 * Two more functions share the module: LB_Keogh (f64x2, written as suffix sums for those budgets), and the same
 * DTW over single-precision copies (f32x4 costs, double recurrence), a screening pass whose error the caller
 * bounds before trusting it to prune.
 *
 * Pure: the module is assembled from constants; callers own the memory it works in.
 */

/** The slice of the WebAssembly JS API used here (the project's `lib` setting has no WebAssembly types). */
interface WasmModule {
  readonly kind?: 'module';
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>
  ) => { readonly exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

/** Unsigned LEB128. */
function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) {
      byte |= 0x80;
    }
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function f64Bytes(value: number): number[] {
  return Array.from(new Uint8Array(new Float64Array([value]).buffer));
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
}

/** A tiny structured assembler: each method appends one instruction. */
class Code {
  readonly bytes: number[] = [];
  private emit(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  get(l: number) {
    return this.emit(0x20, ...uleb(l));
  }
  set(l: number) {
    return this.emit(0x21, ...uleb(l));
  }
  tee(l: number) {
    return this.emit(0x22, ...uleb(l));
  }
  i32(v: number) {
    return this.emit(0x41, ...sleb(v));
  }
  f64(v: number) {
    return this.emit(0x44, ...f64Bytes(v));
  }
  op(...b: number[]) {
    return this.emit(...b);
  }
  loadF64(offset = 0) {
    return this.emit(0x2b, 3, ...uleb(offset));
  }
  storeF64(offset = 0) {
    return this.emit(0x39, 3, ...uleb(offset));
  }
  loadV128(offset = 0) {
    return this.emit(0xfd, 0x00, 4, ...uleb(offset));
  }
  block(body: () => void) {
    this.emit(0x02, 0x40);
    body();
    return this.emit(0x0b);
  }
  loop(body: () => void) {
    this.emit(0x03, 0x40);
    body();
    return this.emit(0x0b);
  }
  if(body: () => void, otherwise?: () => void) {
    this.emit(0x04, 0x40);
    body();
    if (otherwise) {
      this.emit(0x05);
      otherwise();
    }
    return this.emit(0x0b);
  }
  br(depth: number) {
    return this.emit(0x0c, ...uleb(depth));
  }
  brIf(depth: number) {
    return this.emit(0x0d, ...uleb(depth));
  }
}

// Opcodes used below.
const OP = {
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  i32And: 0x71,
  i32Or: 0x72,
  i32ShrS: 0x75,
  i32LtS: 0x48,
  i32GtS: 0x4a,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  i32Eq: 0x46,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Lt: 0x63,
  f64Min: 0xa4,
  f64Max: 0xa5,
  f64Ge: 0x66,
  select: 0x1b,
  ret: 0x0f,
};
const SIMD = {
  f64x2Add: [0xfd, 0xf0, 0x01],
  f64x2Sub: [0xfd, 0xf1, 0x01],
  f64x2Mul: [0xfd, 0xf2, 0x01],
  zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  extract: (lane: number) => [0xfd, 0x21, lane],
  splat: [0xfd, 0x14],
  pmin: [0xfd, 0xf6, 0x01],
  loadSplat: [0xfd, 0x0a, 3, 0],
  loadSplat8: [0xfd, 0x0a, 3, 8],
  pmax: [0xfd, 0xf7, 0x01],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Sub: [0xfd, 0xe5, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
  promoteLow: [0xfd, 0x5f],
  replaceLane: (lane: number) => [0xfd, 0x22, lane],
  /** i8x16.shuffle taking lane 0 (`low`) or lane 1 of each of two f64x2 operands: (a[k], b[k]). */
  lanes: (k: number) => [
    0xfd,
    0x0d,
    ...Array.from({ length: 8 }, (_, i) => 8 * k + i),
    ...Array.from({ length: 8 }, (_, i) => 16 + 8 * k + i),
  ],
};

// Parameters (byte offsets into memory for pointers).
const P_A = 0;
const P_B = 1;
const P_N = 2;
const P_M = 3;
const P_STRIDE = 4;
const P_OFFSET = 5;
const P_DIMS = 6;
const P_W = 7;
const P_UB = 8;
const P_REST = 9; // 0: no suffix bound
const P_REST_OFF = 10;
const P_REST_LAST = 11;
const P_PREV = 12;
const P_CURR = 13;
const P_COL_REST = 14; // 0: no per-column suffix bound
// Locals: 15 i32, then 9 f64, then 11 v128, then the appended ones.
const L_I = 15;
const L_J = 16;
const L_JLO = 17;
const L_JHI = 18;
const L_AI = 19;
const L_BJ = 20;
const L_K = 21;
const L_END8 = 22;
const L_ENDF = 23;
const L_TMP = 24;
const L_STEP = 25; // bytes per time step: stride × 8
const L_FIRST = 26; // first column of the previous row below its limit
const L_NEWFIRST = 27;
const L_PA = 28;
const L_PB = 29;
const L_LEFT = 30;
const L_DIAG = 31;
const L_UP = 32;
const L_BEST = 33;
const L_V = 34;
const L_ROWMIN = 35;
const L_COST = 36;
const L_S0 = 37;
const L_LIMIT = 38; // ub − rest for this row: cells at or above it cannot lead below ub
const L_ACC0 = 39;
const L_ACC1 = 40;
const L_ACC2 = 41;
const L_ACC3 = 42;
const L_D = 43;
const LV_AI = 44;
const LV_LEFT = 45;
const LV_DIAG = 46;
const LV_UP = 47;
const LV_ROWMIN = 48;
const LV_D = 49;
// Appended i32 locals: the last live column of the previous row (multivariate rows stop early), and this row's.
const L_LAST = 50;
const L_NEWLAST = 51;
// Appended f64 local: this cell's limit when a per-column bound is given.
const L_CELL_LIMIT = 52;

function assembleKernel(single: boolean): number[] {
  const c = new Code();
  // bytes per element: 8, or 4 for the single-precision screening kernel
  const shift = single ? 2 : 3;
  // ((s0+s1)+(s2+s3)) + ((s4+s5)+(s6+s7)) from the four accumulators (s0,s1) (s2,s3) (s4,s5) (s6,s7), as the
  // C code adds them: lane shuffles turn the pairwise sums into two vector additions.
  const reduce = () => {
    c.get(L_ACC0)
      .get(L_ACC1)
      .op(...SIMD.lanes(0))
      .get(L_ACC0)
      .get(L_ACC1)
      .op(...SIMD.lanes(1))
      .op(...SIMD.f64x2Add)
      .set(LV_D); // (s0+s1, s2+s3)
    c.get(L_ACC2)
      .get(L_ACC3)
      .op(...SIMD.lanes(0))
      .get(L_ACC2)
      .get(L_ACC3)
      .op(...SIMD.lanes(1))
      .op(...SIMD.f64x2Add)
      .set(L_ACC3); // (s4+s5, s6+s7)
    c.get(LV_D)
      .get(L_ACC3)
      .op(...SIMD.lanes(0))
      .get(LV_D)
      .get(L_ACC3)
      .op(...SIMD.lanes(1))
      .op(...SIMD.f64x2Add)
      .tee(L_ACC3);
    c.op(...SIMD.extract(0))
      .get(L_ACC3)
      .op(...SIMD.extract(1))
      .op(OP.f64Add)
      .set(L_COST);
  };
  // Single precision: `dims` is the number of f32x4 blocks per step (features padded with zeros to a multiple
  // of four); four accumulators, summed in single precision, then the two halves added in double.
  const singleCost = () => {
    c.op(...SIMD.zero)
      .tee(L_ACC0)
      .tee(L_ACC1)
      .tee(L_ACC2)
      .set(L_ACC3);
    c.i32(0).set(L_K);
    c.block(() => {
      c.loop(() => {
        c.get(L_K).get(L_END8).op(OP.i32GeS).brIf(1);
        c.get(L_AI).get(L_K).op(OP.i32Add).set(L_PA);
        c.get(L_BJ).get(L_K).op(OP.i32Add).set(L_PB);
        for (let q = 0; q < 4; q++) {
          const acc = L_ACC0 + q;
          c.get(L_PA)
            .loadV128(16 * q)
            .get(L_PB)
            .loadV128(16 * q)
            .op(...SIMD.f32x4Sub)
            .tee(L_D)
            .get(L_D)
            .op(...SIMD.f32x4Mul)
            .get(acc)
            .op(...SIMD.f32x4Add)
            .set(acc);
        }
        c.get(L_K).i32(64).op(OP.i32Add).set(L_K);
        c.br(0);
      });
    });
    c.block(() => {
      c.loop(() => {
        c.get(L_K).get(L_ENDF).op(OP.i32GeS).brIf(1);
        c.get(L_AI)
          .get(L_K)
          .op(OP.i32Add)
          .loadV128()
          .get(L_BJ)
          .get(L_K)
          .op(OP.i32Add)
          .loadV128()
          .op(...SIMD.f32x4Sub)
          .tee(L_D)
          .get(L_D)
          .op(...SIMD.f32x4Mul)
          .get(L_ACC0)
          .op(...SIMD.f32x4Add)
          .set(L_ACC0);
        c.get(L_K).i32(16).op(OP.i32Add).set(L_K);
        c.br(0);
      });
    });
    c.get(L_ACC0)
      .get(L_ACC1)
      .op(...SIMD.f32x4Add)
      .get(L_ACC2)
      .get(L_ACC3)
      .op(...SIMD.f32x4Add)
      .op(...SIMD.f32x4Add)
      .tee(L_D)
      .op(...SIMD.promoteLow)
      .get(L_D)
      .get(L_D)
      .op(...SIMD.lanes(1))
      .op(...SIMD.promoteLow)
      .op(...SIMD.f64x2Add)
      .tee(L_D)
      .op(...SIMD.extract(0))
      .get(L_D)
      .op(...SIMD.extract(1))
      .op(OP.f64Add)
      .set(L_COST);
  };
  const genericCost = () => {
    c.op(...SIMD.zero)
      .tee(L_ACC0)
      .tee(L_ACC1)
      .tee(L_ACC2)
      .set(L_ACC3);
    c.i32(0).set(L_K);
    c.block(() => {
      c.loop(() => {
        c.get(L_K).get(L_END8).op(OP.i32GeS).brIf(1);
        c.get(L_AI).get(L_K).op(OP.i32Add).set(L_PA);
        c.get(L_BJ).get(L_K).op(OP.i32Add).set(L_PB);
        for (let q = 0; q < 4; q++) {
          const acc = L_ACC0 + q;
          c.get(L_PA)
            .loadV128(16 * q)
            .get(L_PB)
            .loadV128(16 * q)
            .op(...SIMD.f64x2Sub)
            .tee(L_D)
            .get(L_D)
            .op(...SIMD.f64x2Mul);
          c.get(acc)
            .op(...SIMD.f64x2Add)
            .set(acc);
        }
        c.get(L_K).i32(64).op(OP.i32Add).set(L_K);
        c.br(0);
      });
    });
    c.get(L_ACC0)
      .op(...SIMD.extract(0))
      .set(L_S0);
    c.block(() => {
      c.loop(() => {
        c.get(L_K).get(L_ENDF).op(OP.i32GeS).brIf(1);
        c.get(L_AI)
          .get(L_K)
          .op(OP.i32Add)
          .loadF64()
          .get(L_BJ)
          .get(L_K)
          .op(OP.i32Add)
          .loadF64()
          .op(OP.f64Sub)
          .tee(L_COST);
        c.get(L_COST).op(OP.f64Mul).get(L_S0).op(OP.f64Add).set(L_S0);
        c.get(L_K).i32(8).op(OP.i32Add).set(L_K);
        c.br(0);
      });
    });
    c.get(L_ACC0)
      .get(L_S0)
      .op(...SIMD.replaceLane(0))
      .set(L_ACC0);
    reduce();
  };

  const INF = Infinity;
  // One multivariate row: cells from jlo while live. With `perColumn`, a cell's limit is also capped by the
  // per-column suffix bound: ub − colRest[j + 1] (the path from (i, j) still crosses every later column).
  const multivariateRow = (rowCost: () => void, perColumn: boolean) => {
    const limit = perColumn ? L_CELL_LIMIT : L_LIMIT;
    c.get(L_JLO).set(L_J);
    c.block(() => {
      c.loop(() => {
        c.get(L_J).get(L_JHI).op(OP.i32GtS).brIf(1);
        // up = prev[j + 1], dead past the previous row's last live column
        c.get(P_PREV).get(L_J).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64(8);
        c.f64(INF).get(L_J).get(L_LAST).op(OP.i32LeS).op(OP.select).set(L_UP);
        // best = min(diag, up, left) as the C ternaries pick it, in f64x2 lanes: pmin is one branch-free minpd,
        // where f64.min compares and branches (mispredicted about half the time on noisy data): 15 % per cell at
        // 40 features
        c.get(L_UP)
          .op(...SIMD.splat)
          .get(L_DIAG)
          .op(...SIMD.splat)
          .op(...SIMD.pmin)
          .get(L_LEFT)
          .op(...SIMD.splat)
          .op(...SIMD.pmin)
          .op(...SIMD.extract(0))
          .set(L_BEST);
        rowCost();
        c.get(L_BEST).get(L_COST).op(OP.f64Add).set(L_V);
        c.get(P_CURR).get(L_J).i32(3).op(OP.i32Shl).op(OP.i32Add).get(L_V).storeF64(8);
        c.get(L_V).set(L_LEFT);
        c.get(L_UP).set(L_DIAG);
        if (perColumn) {
          c.get(P_UB)
            .get(P_COL_REST)
            .get(L_J)
            .i32(3)
            .op(OP.i32Shl)
            .op(OP.i32Add)
            .loadF64(8)
            .op(OP.f64Sub)
            .get(L_LIMIT)
            .op(OP.f64Min)
            .set(L_CELL_LIMIT);
        }
        // remember the first column below the row's limit
        c.get(L_NEWFIRST)
          .i32(0)
          .op(OP.i32LtS)
          .get(L_V)
          .get(limit)
          .op(OP.f64Lt)
          .op(OP.i32And)
          .if(() => {
            c.get(L_J).set(L_NEWFIRST);
          });
        c.get(L_J).get(L_NEWLAST).get(L_V).get(limit).op(OP.f64Lt).op(OP.select).set(L_NEWLAST);
        // PrunedDTW: past the previous row's live cells only the left neighbour feeds a cell, so once
        // one is dead the rest of the row is too.
        c.get(L_J).get(L_LAST).op(OP.i32GtS).get(L_V).get(limit).op(OP.f64Ge).op(OP.i32And).brIf(1);
        c.get(L_BJ).get(L_STEP).op(OP.i32Add).set(L_BJ);
        c.get(L_J).i32(1).op(OP.i32Add).set(L_J);
        c.br(0);
      });
    });
  };
  // step = stride * 8; end8 = (dims & ~7) * 8; endF = dims * 8 (single: in bytes of f32x4 blocks, four at a time)
  c.get(P_STRIDE).i32(shift).op(OP.i32Shl).set(L_STEP);
  if (single) {
    c.get(P_DIMS).i32(-4).op(OP.i32And).i32(4).op(OP.i32Shl).set(L_END8);
    c.get(P_DIMS).i32(4).op(OP.i32Shl).set(L_ENDF);
  } else {
    c.get(P_DIMS).i32(-8).op(OP.i32And).i32(3).op(OP.i32Shl).set(L_END8);
    c.get(P_DIMS).i32(3).op(OP.i32Shl).set(L_ENDF);
  }
  // prev[0..m] = INF; prev[0] = 0
  c.i32(0).set(L_J);
  c.block(() => {
    c.loop(() => {
      c.get(L_J).get(P_M).op(OP.i32GtS).brIf(1);
      c.get(P_PREV).get(L_J).i32(3).op(OP.i32Shl).op(OP.i32Add).f64(INF).storeF64();
      c.get(L_J).i32(1).op(OP.i32Add).set(L_J);
      c.br(0);
    });
  });
  c.get(P_PREV).f64(0).storeF64();
  c.i32(0).set(L_FIRST);
  c.get(P_M).set(L_LAST);
  c.i32(0).set(L_I);
  c.block(() => {
    c.loop(() => {
      c.get(L_I).get(P_N).op(OP.i32GeS).brIf(1);
      // limit = ub − rest[min(i + restOff, restLast)]
      c.get(P_UB).set(L_LIMIT);
      c.get(P_REST).if(() => {
        c.get(L_I)
          .get(P_REST_OFF)
          .op(OP.i32Add)
          .tee(L_TMP)
          .get(P_REST_LAST)
          .get(L_TMP)
          .get(P_REST_LAST)
          .op(OP.i32LtS)
          .op(OP.select);
        c.i32(3).op(OP.i32Shl).get(P_REST).op(OP.i32Add).loadF64().set(L_COST);
        c.get(P_UB).get(L_COST).op(OP.f64Sub).set(L_LIMIT);
      });
      // jlo = max(0, i − w, first); jhi = min(m − 1, i + w)
      c.get(L_I).get(P_W).op(OP.i32Sub).tee(L_JLO).i32(0).get(L_JLO).i32(0).op(OP.i32GtS).op(OP.select).set(L_JLO);
      c.get(L_FIRST).get(L_JLO).get(L_FIRST).get(L_JLO).op(OP.i32GtS).op(OP.select).set(L_JLO);
      c.get(L_I)
        .get(P_W)
        .op(OP.i32Add)
        .tee(L_JHI)
        .get(P_M)
        .i32(1)
        .op(OP.i32Sub)
        .tee(L_TMP)
        .get(L_JHI)
        .get(L_TMP)
        .op(OP.i32LtS)
        .op(OP.select)
        .set(L_JHI);
      // ai = a + (i * stride + offset) * 8
      c.get(P_A)
        .get(L_I)
        .get(P_STRIDE)
        .op(OP.i32Mul)
        .get(P_OFFSET)
        .op(OP.i32Add)
        .i32(shift)
        .op(OP.i32Shl)
        .op(OP.i32Add)
        .set(L_AI);
      c.f64(INF).set(L_LEFT);
      c.get(P_PREV).get(L_JLO).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64().set(L_DIAG);
      // past the previous row's last live column the buffer holds an older row: read it as dead
      c.get(L_DIAG).f64(INF).get(L_JLO).i32(1).op(OP.i32Sub).get(L_LAST).op(OP.i32LeS).op(OP.select).set(L_DIAG);
      c.i32(-1).set(L_NEWLAST);
      c.f64(INF).set(L_ROWMIN);
      c.i32(-1).set(L_NEWFIRST);
      c.get(P_CURR).get(L_JLO).i32(3).op(OP.i32Shl).op(OP.i32Add).f64(INF).storeF64();
      // bj = b + (jlo * stride + offset) * 8
      c.get(P_B)
        .get(L_JLO)
        .get(P_STRIDE)
        .op(OP.i32Mul)
        .get(P_OFFSET)
        .op(OP.i32Add)
        .i32(shift)
        .op(OP.i32Shl)
        .op(OP.i32Add)
        .set(L_BJ);
      // univariate rows (never taken by the single-precision kernel)
      if (single) {
        c.i32(0);
      } else {
        c.get(P_DIMS).i32(1).op(OP.i32Eq);
      }
      c.if(
        () => {
          // Univariate rows: the recurrence in f64x2 lanes (lane 0 used), because f64x2.pmin is a single
          // minpd, the C compiler's choice for `a < b ? a : b`, while scalar f64.min carries NaN handling.
          c.get(L_AI)
            .op(...SIMD.loadSplat)
            .set(LV_AI);
          c.f64(INF)
            .op(...SIMD.splat)
            .tee(LV_LEFT)
            .set(LV_ROWMIN);
          c.get(P_PREV)
            .get(L_JLO)
            .i32(3)
            .op(OP.i32Shl)
            .op(OP.i32Add)
            .op(...SIMD.loadSplat)
            .set(LV_DIAG);
          c.get(L_JLO).i32(3).op(OP.i32Shl).set(L_K);
          c.get(L_JHI).i32(3).op(OP.i32Shl).set(L_END8);
          c.block(() => {
            c.loop(() => {
              c.get(L_K).get(L_END8).op(OP.i32GtS).brIf(1);
              c.get(P_PREV)
                .get(L_K)
                .op(OP.i32Add)
                .op(...SIMD.loadSplat8)
                .set(LV_UP);
              c.get(LV_DIAG)
                .get(LV_UP)
                .op(...SIMD.pmin)
                .get(LV_LEFT)
                .op(...SIMD.pmin);
              c.get(LV_AI)
                .get(L_BJ)
                .op(...SIMD.loadSplat)
                .op(...SIMD.f64x2Sub)
                .tee(LV_D)
                .get(LV_D)
                .op(...SIMD.f64x2Mul);
              c.op(...SIMD.f64x2Add).tee(LV_LEFT);
              c.op(...SIMD.extract(0)).set(L_V);
              c.get(P_CURR).get(L_K).op(OP.i32Add).get(L_V).storeF64(8);
              c.get(LV_UP).set(LV_DIAG);
              c.get(LV_ROWMIN)
                .get(LV_LEFT)
                .op(...SIMD.pmin)
                .set(LV_ROWMIN);
              // first column below the limit, branch-free
              c.get(L_NEWFIRST).get(L_K).i32(3).op(OP.i32ShrS);
              c.get(L_NEWFIRST)
                .i32(0)
                .op(OP.i32GeS)
                .get(L_V)
                .get(L_LIMIT)
                .op(OP.f64Ge)
                .op(OP.i32Or)
                .op(OP.select)
                .set(L_NEWFIRST);
              c.get(L_BJ).get(L_STEP).op(OP.i32Add).set(L_BJ);
              c.get(L_K).i32(8).op(OP.i32Add).set(L_K);
              c.br(0);
            });
          });
          c.get(LV_ROWMIN)
            .op(...SIMD.extract(0))
            .set(L_ROWMIN);
        },
        () => {
          const rowCost = single ? singleCost : genericCost;
          c.get(P_COL_REST).if(
            () => multivariateRow(rowCost, true),
            () => multivariateRow(rowCost, false)
          );
          // a row with no live cell ends the run below
          c.f64(-INF).f64(INF).get(L_NEWFIRST).i32(0).op(OP.i32GeS).op(OP.select).set(L_ROWMIN);
          c.get(L_NEWLAST).set(L_LAST);
        }
      );
      // curr[jhi + 2] = INF when inside the row
      c.get(L_JHI)
        .i32(2)
        .op(OP.i32Add)
        .get(P_M)
        .op(OP.i32LeS)
        .if(() => {
          c.get(P_CURR).get(L_JHI).i32(3).op(OP.i32Shl).op(OP.i32Add).f64(INF).storeF64(16);
        });
      // abandon when nothing in the row stays below the limit
      c.get(L_ROWMIN)
        .get(L_LIMIT)
        .op(OP.f64Ge)
        .if(() => {
          c.f64(INF).op(OP.ret);
        });
      c.get(L_NEWFIRST).set(L_FIRST);
      // swap rows
      c.get(P_PREV).set(L_TMP);
      c.get(P_CURR).set(P_PREV);
      c.get(L_TMP).set(P_CURR);
      c.get(L_I).i32(1).op(OP.i32Add).set(L_I);
      c.br(0);
    });
  });
  // The last row's minimum may sit elsewhere than its last cell: the answer itself must stay below ub.
  c.get(P_PREV).get(P_M).i32(3).op(OP.i32Shl).op(OP.i32Add).loadF64().tee(L_V);
  c.f64(INF)
    .get(L_V)
    .get(P_UB)
    .op(OP.f64Lt)
    .get(L_LAST)
    .get(P_M)
    .i32(1)
    .op(OP.i32Sub)
    .op(OP.i32GeS)
    .op(OP.i32And)
    .op(OP.select);
  c.op(0x0b);
  return c.bytes;
}

// LB_Keogh locals: after the 7 parameters, 5 i32, 3 f64, 5 v128.
const K_X = 0;
const K_U = 1;
const K_L = 2;
const K_T = 3;
const K_DIMS = 4;
const K_OUT = 5;
const K_ABANDON = 6;
const K_T_AT = 7;
const K_BASE = 8;
const K_K = 9;
const K_END = 10;
const K_END4 = 11;
const K_SUFFIX = 12;
const K_S = 13;
const K_D = 14;
const KV_ACC0 = 15;
const KV_ACC1 = 16;
const KV_X = 17;
const KV_D = 18;
const KV_ZERO = 19;

/**
 * LB_Keogh of the series at `x` against the envelope (`upper`, `lower`), all time-major with `dims` numbers per
 * step, written as suffix sums: `out[t]` = Σ over steps ≥ t, `out[T] = 0` — the budget the DTW kernel's `rest`
 * expects. Steps run from the last to the first, and it stops (returning the partial sum) once the sum reaches
 * `abandon`; otherwise it returns `out[0]`.
 */
function assembleLbKeogh(): number[] {
  const c = new Code();
  // one f64x2 of features at byte offset base + k (+ extra) into acc
  const pair = (acc: number, extra: number) => {
    c.get(K_X).get(K_BASE).op(OP.i32Add).get(K_K).op(OP.i32Add).loadV128(extra).tee(KV_X);
    c.get(K_U).get(K_BASE).op(OP.i32Add).get(K_K).op(OP.i32Add).loadV128(extra);
    c.op(...SIMD.f64x2Sub)
      .get(KV_ZERO)
      .op(...SIMD.pmax);
    c.get(K_L).get(K_BASE).op(OP.i32Add).get(K_K).op(OP.i32Add).loadV128(extra).get(KV_X);
    c.op(...SIMD.f64x2Sub)
      .get(KV_ZERO)
      .op(...SIMD.pmax);
    // at most one of the two is positive, because lower ≤ upper
    c.op(...SIMD.f64x2Add)
      .tee(KV_D)
      .get(KV_D)
      .op(...SIMD.f64x2Mul)
      .get(acc)
      .op(...SIMD.f64x2Add)
      .set(acc);
  };
  c.op(...SIMD.zero).set(KV_ZERO);
  c.get(K_DIMS).i32(3).op(OP.i32Shl).set(K_END);
  c.get(K_END).i32(-32).op(OP.i32And).set(K_END4);
  c.f64(0).set(K_SUFFIX);
  c.get(K_OUT).get(K_T).i32(3).op(OP.i32Shl).op(OP.i32Add).f64(0).storeF64();
  c.get(K_T).set(K_T_AT);
  c.block(() => {
    c.loop(() => {
      c.get(K_T_AT).i32(0).op(OP.i32LeS).brIf(1);
      c.get(K_T_AT).i32(1).op(OP.i32Sub).tee(K_T_AT).get(K_END).op(OP.i32Mul).set(K_BASE);
      c.op(...SIMD.zero)
        .tee(KV_ACC0)
        .set(KV_ACC1);
      c.i32(0).set(K_K);
      c.block(() => {
        c.loop(() => {
          c.get(K_K).get(K_END4).op(OP.i32GeS).brIf(1);
          pair(KV_ACC0, 0);
          pair(KV_ACC1, 16);
          c.get(K_K).i32(32).op(OP.i32Add).set(K_K);
          c.br(0);
        });
      });
      c.get(K_K)
        .i32(16)
        .op(OP.i32Add)
        .get(K_END)
        .op(OP.i32LeS)
        .if(() => {
          pair(KV_ACC0, 0);
          c.get(K_K).i32(16).op(OP.i32Add).set(K_K);
        });
      c.get(KV_ACC0)
        .get(KV_ACC1)
        .op(...SIMD.f64x2Add)
        .tee(KV_ACC0)
        .op(...SIMD.extract(0))
        .get(KV_ACC0)
        .op(...SIMD.extract(1))
        .op(OP.f64Add)
        .set(K_S);
      // an odd feature count leaves one feature
      c.get(K_K)
        .get(K_END)
        .op(OP.i32LtS)
        .if(() => {
          c.get(K_X).get(K_BASE).op(OP.i32Add).get(K_K).op(OP.i32Add).loadF64().set(K_D);
          c.get(K_D).get(K_U).get(K_BASE).op(OP.i32Add).get(K_K).op(OP.i32Add).loadF64().op(OP.f64Sub);
          c.f64(0).op(OP.f64Max);
          c.get(K_L).get(K_BASE).op(OP.i32Add).get(K_K).op(OP.i32Add).loadF64().get(K_D).op(OP.f64Sub);
          c.f64(0).op(OP.f64Max);
          c.op(OP.f64Add).tee(K_D).get(K_D).op(OP.f64Mul).get(K_S).op(OP.f64Add).set(K_S);
        });
      c.get(K_SUFFIX).get(K_S).op(OP.f64Add).set(K_SUFFIX);
      c.get(K_OUT).get(K_T_AT).i32(3).op(OP.i32Shl).op(OP.i32Add).get(K_SUFFIX).storeF64();
      c.get(K_SUFFIX)
        .get(K_ABANDON)
        .op(OP.f64Ge)
        .if(() => {
          c.get(K_SUFFIX).op(OP.ret);
        });
      c.br(0);
    });
  });
  c.get(K_SUFFIX);
  c.op(0x0b);
  return c.bytes;
}

function assembleModule(): Uint8Array {
  const dtwParams = [I32, I32, I32, I32, I32, I32, I32, I32, F64, I32, I32, I32, I32, I32, I32];
  const lbParams = [I32, I32, I32, I32, I32, I32, F64];
  const types = section(
    1,
    vec([
      [0x60, ...uleb(dtwParams.length), ...dtwParams, 1, F64],
      [0x60, ...uleb(lbParams.length), ...lbParams, 1, F64],
    ])
  );
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]]));
  const functions = section(3, vec([uleb(0), uleb(1), uleb(0)]));
  const exports = section(
    7,
    vec([
      [...name('dtw'), 0x00, 0x00],
      [...name('lbKeogh'), 0x00, 0x01],
      [...name('dtwSingle'), 0x00, 0x02],
    ])
  );
  const dtwBody = (single: boolean) => [
    ...vec([
      [...uleb(15), I32],
      [...uleb(9), F64],
      [...uleb(11), V128],
      [...uleb(2), I32],
      [...uleb(1), F64],
    ]),
    ...assembleKernel(single),
  ];
  const doubleBody = dtwBody(false);
  const singleBody = dtwBody(true);
  const lbBody = [
    ...vec([
      [...uleb(5), I32],
      [...uleb(3), F64],
      [...uleb(5), V128],
    ]),
    ...assembleLbKeogh(),
  ];
  const code = section(
    10,
    vec([
      [...uleb(doubleBody.length), ...doubleBody],
      [...uleb(lbBody.length), ...lbBody],
      [...uleb(singleBody.length), ...singleBody],
    ])
  );
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...types,
    ...imports,
    ...functions,
    ...exports,
    ...code,
  ]);
}

/**
 * A bound on |single-precision screening DTW − exact DTW_D| for any warping path of `pathCells` cells over `F`
 * features whose values are at most `maxAbs` in size. Per cell, with u = 2⁻²⁴: rounding both inputs and the
 * difference moves each d by at most δ = 4.2·u·M (M = maxAbs), so d² by δ(4M + δ) + u(2M + δ)²; summing F squares
 * in single precision in four lanes adds (F/4 + 3)·u of the sum (≤ F(2M + δ)²). Together under F(F + 40)·u·M².
 * Near zero, single precision rounds absolutely (subnormals, squares that underflow): at most 2⁻¹⁴⁹ per rounding,
 * a few per feature, covered by F·2⁻¹⁴⁰ per cell. The recurrence runs in double: (pathCells + 2) additions of at
 * most 2⁻⁵² of values below `threshold`. Doubled.
 */
export function singleErrorBound(F: number, pathCells: number, maxAbs: number, threshold: number): number {
  const u = 2 ** -24;
  const perCell = F * (F + 40) * u * maxAbs * maxAbs + F * 2 ** -140;
  return 2 * (pathCells * perCell + (pathCells + 2) * 2 ** -52 * threshold);
}

/** The compiled module, or null where WebAssembly SIMD is unavailable (then the JavaScript kernel is used). */
let compiled: WasmModule | null | undefined;

function wasmModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = wasmApi ? new wasmApi.Module(assembleModule()) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

type LbKeoghFn = (
  x: number,
  upper: number,
  lower: number,
  length: number,
  dims: number,
  out: number,
  abandon: number
) => number;

type KernelFn = (
  a: number,
  b: number,
  n: number,
  m: number,
  stride: number,
  offset: number,
  dims: number,
  w: number,
  ub: number,
  rest: number,
  restOffset: number,
  restLast: number,
  prev: number,
  curr: number,
  colRest: number
) => number;

/**
 * A WebAssembly memory with the kernel bound to it and a bump allocator for the arrays it reads.
 * One per thread and per reference set. `f64` is a view of the whole memory (refreshed after growth).
 */
export class WasmDtw {
  private readonly memory: WasmMemory;
  private readonly kernel: KernelFn;
  private used = 16;
  f64: Float64Array;

  private readonly lb: LbKeoghFn;
  private readonly single: KernelFn;
  /** A single-precision view of the same memory (refreshed after growth), for `distanceSingle`'s series. */
  f32: Float32Array;

  private constructor(api: WasmApi, module: WasmModule, bytes: number) {
    this.memory = new api.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536) + 1) });
    const instance = new api.Instance(module, { env: { memory: this.memory } });
    this.kernel = instance.exports.dtw as KernelFn;
    this.lb = instance.exports.lbKeogh as LbKeoghFn;
    this.single = instance.exports.dtwSingle as KernelFn;
    this.f64 = new Float64Array(this.memory.buffer);
    this.f32 = new Float32Array(this.memory.buffer);
  }

  /** Whether this runtime has WebAssembly with SIMD (else `create` returns null). */
  static supported(): boolean {
    return wasmModule() !== null;
  }

  /** A kernel with room for about `bytes` of arrays, or null without WebAssembly SIMD. */
  static create(bytes: number): WasmDtw | null {
    const module = wasmModule();
    return module && wasmApi ? new WasmDtw(wasmApi, module, bytes) : null;
  }

  /** Reserves `count` doubles (16-byte aligned) and returns their index in `f64`. */
  allocate(count: number): number {
    const start = (this.used + 15) & ~15;
    const end = start + count * 8;
    if (end > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((end - this.memory.buffer.byteLength) / 65536));
      this.f64 = new Float64Array(this.memory.buffer);
      this.f32 = new Float32Array(this.memory.buffer);
    }
    this.used = end;
    return start / 8;
  }

  /**
   * DTW between the series at double-indices `a` (n steps) and `b` (m steps); see the module comment.
   * `rest` is a double-index, or −1 for no suffix bound. Rows `prev`/`curr` need m + 1 doubles (+1 spare).
   * `colRest` (double-index, or −1 for none) is a per-column suffix bound (`colRest[k]` ≤ the cost of reaching
   * columns k..m−1, `colRest[m] = 0`, e.g. LB_Keogh of `b` against `a`'s envelope as `lbKeogh` writes it): each
   * multivariate cell (i, j) is then live only below `ub − colRest[j + 1]`, which prunes far more than the same
   * bound read per row. Ignored by the univariate rows.
   */
  distance(
    a: number,
    n: number,
    b: number,
    m: number,
    stride: number,
    offset: number,
    dims: number,
    windowCells: number,
    ub: number,
    rest: number,
    restOffset: number,
    restLast: number,
    prev: number,
    curr: number,
    colRest = -1
  ): number {
    return this.kernel(
      a * 8,
      b * 8,
      n,
      m,
      stride,
      offset,
      dims,
      windowCells,
      ub,
      rest < 0 ? 0 : rest * 8,
      restOffset,
      restLast,
      prev * 8,
      curr * 8,
      colRest < 0 ? 0 : colRest * 8
    );
  }

  /**
   * The same DTW_D recurrence (band, suffix budgets, pruning) over single-precision copies of the series: at
   * `f32` index `a` (n steps) and `b` (m steps), `stride` floats per step, the features padded with zeros to
   * `blocks × 4` floats. The pointwise cost is summed in single precision (four at a time) and the recurrence
   * runs in double. Not bit-identical to `distance`: a screening pass, whose result differs from the exact
   * distance by at most the caller's error bound (see `nearestNeighbourSearch.ts`).
   */
  distanceSingle(
    a: number,
    n: number,
    b: number,
    m: number,
    stride: number,
    blocks: number,
    windowCells: number,
    ub: number,
    rest: number,
    restOffset: number,
    restLast: number,
    prev: number,
    curr: number,
    colRest = -1
  ): number {
    return this.single(
      a * 4,
      b * 4,
      n,
      m,
      stride,
      0,
      blocks,
      windowCells,
      ub,
      rest < 0 ? 0 : rest * 8,
      restOffset,
      restLast,
      prev * 8,
      curr * 8,
      colRest < 0 ? 0 : colRest * 8
    );
  }

  /**
   * LB_Keogh (squared, summed over `dims` features per step) of the series at double-index `x` against the
   * envelope at `upper`/`lower` (same shape, `length` steps), as suffix sums into `out[0..length]`
   * (`out[length] = 0`). Returns the bound, or a partial sum ≥ `abandon` once it reaches it (then `out` is
   * only partly written).
   */
  lbKeogh(x: number, upper: number, lower: number, length: number, dims: number, out: number, abandon: number): number {
    return this.lb(x * 8, upper * 8, lower * 8, length, dims, out * 8, abandon);
  }
}
