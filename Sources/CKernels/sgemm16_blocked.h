// The blocked product of the 16-lane kernel (sgemm16.c), included there after its helpers.
#ifndef LGF_SGEMM16_BLOCKED_H
#define LGF_SGEMM16_BLOCKED_H

/// The product by depth blocks, row blocks and column panels (the layout described in sgemm16.c), with depth blocks
/// `depth` deep and the layout chosen for `layout_rows` rows of op(A): the whole product's, when this block is one
/// part of it, so that every element of C sees the same additions whatever the split.
static void lgf_blocked16(const struct lgf_sgemm_operands *o, long depth, long layout_rows, float *scratch) {
    const bool transpose_a = o->transpose_a, transpose_b = o->transpose_b;
    const long m = o->m, n = o->n, k = o->k, lda = o->lda, ldb = o->ldb, ldc = o->ldc;
    if (lgf_uses_wide_tile(n, lda, transpose_a)) {
        lgf_wide_blocked16(o, depth, scratch);
        return;
    }
    const long full_panels = n / lgf_panel, last_columns = n - full_panels * lgf_panel;
    const long panel_count = full_panels + (last_columns > 0 ? 1 : 0);
    // A last partial panel that the half-width tile serves is packed half as wide.
    const long last_width = last_columns > 16 ? lgf_panel : 16;
    const long row_blocks = (m + lgf_tile_rows - 1) / lgf_tile_rows;
    const bool pack_b = lgf_packs_b(layout_rows, transpose_b), pack_a = lgf_packs_a(lda, transpose_a);
    float *packed_a = scratch + (pack_b ? panel_count : (last_columns > 0 ? 1 : 0)) * lgf_panel * depth;
    // Panels inner: op(A)'s row block stays in L1 while op(B)'s panels stream past it. Row blocks inner (few rows):
    // each panel of B is fetched once for all of op(A)'s rows.
    const bool panels_inner = !lgf_few_rows(layout_rows);
    // op(A) in place: rows lda apart (A plain) or 1 apart (A transposed); packed: 1 apart, depths 12 apart.
    const long row_stride = pack_a || transpose_a ? 1 : lda;
    const long column_stride = pack_a ? lgf_tile_rows : transpose_a ? lda : 1;
    bool overwrite = !o->accumulate;
    for (long k0 = 0; k0 < k; k0 += depth) {
        const long kc = lgf_min(depth, k - k0);
        // op(B)'s panels, packed contiguously ([p][32]); in place, only the last partial one, zero-padded.
        if (pack_b && !transpose_b) lgf_pack_plain_panels16(o->b, ldb, k0, kc, full_panels, scratch);
        for (long j = 0; j < panel_count; j++) {
            if (!transpose_b && j != full_panels) continue;
            float *packed = scratch + (pack_b ? j : 0) * kc * lgf_panel;
            const long columns = lgf_min(lgf_panel, n - j * lgf_panel);
            const long width = j < full_panels ? lgf_panel : last_width;
            if (transpose_b) {
                lgf_pack_transposed16(o->b, ldb, k0, kc, j * lgf_panel, columns, width, packed);
            } else {
                lgf_pack_plain16(o->b, ldb, k0, kc, j * lgf_panel, columns, width, packed);
            }
        }
        if (pack_a) lgf_pack_rows16(o->a, lda, k0, kc, m, packed_a);
        long row_block = 0, j = 0;
        for (long trip = 0; trip < row_blocks * panel_count; trip++) {
            const long i = row_block * lgf_tile_rows, rows = lgf_min(lgf_tile_rows, m - i);
            const float *block = pack_a ? packed_a + row_block * kc * lgf_tile_rows
                                        : o->a + (transpose_a ? k0 * lda + i : i * lda + k0);
            const bool in_place = !pack_b && j < full_panels;
            const float *source = in_place ? o->b + k0 * ldb + j * lgf_panel : scratch + (pack_b ? j : 0) * kc * lgf_panel;
            const long stride = in_place ? ldb : j < full_panels ? lgf_panel : last_width;
            const long columns = lgf_min(lgf_panel, n - j * lgf_panel);
            float *target = o->c + i * ldc + j * lgf_panel;
            lgf_v16 low = 0, high = 0;
            if (k0 == 0) lgf_seed16(o->bias, j * lgf_panel, columns, &low, &high);
            // Packed blocks are zero-padded to 12 rows; in place, missing rows re-read row 0.
            const long load_rows = pack_a ? lgf_tile_rows : rows;
            if (in_place && row_block == 0 && j + 1 < full_panels) lgf_prefetch_panel(source + lgf_panel, ldb, kc);
            if (columns > 16) {
                lgf_tile16(block, row_stride, column_stride, source, stride, kc, target, ldc, rows, load_rows, columns, low, high,
                           overwrite);
            } else {
                lgf_narrow_tile16(block, row_stride, column_stride, source, stride, kc, target, ldc, rows, load_rows, columns, low,
                                  overwrite);
            }
            if (panels_inner) {
                j += 1;
                if (j == panel_count) {
                    // The row block is final after the last depth block: through tanh while it is in cache.
                    if (o->tanh && k0 + kc == k) lgf_apply_tanh16(o->c + i * ldc, rows, n, ldc);
                    j = 0;
                    row_block += 1;
                }
            } else {
                row_block += 1;
                if (row_block == row_blocks) {
                    row_block = 0;
                    j += 1;
                }
            }
        }
        overwrite = false;
    }
    // Row blocks inner (few rows): C is final only at the end.
    if (o->tanh && !panels_inner) lgf_apply_tanh16(o->c, m, n, ldc);
}

#endif
