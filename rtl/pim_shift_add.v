// Shift-add of a PE: recombines the bit-serial input planes of each column into its
// partial sum. Column-mux phases deliver the columns one after the other, interleaved
// over the ADCs, so the unit keeps one accumulator per column (a small register file
// addressed by the column index) and each beat does
//     acc[col] = (first ? 0 : acc[col]) + (psum <<< shift)
// and, on the beat flagged last, emits the column's sum. One beat per cycle, one cycle
// of latency. BUG != 0 builds a deliberately wrong variant (shift off by one on every
// plane but the least significant) that the equivalence tests must catch.
module pim_shift_add #(
    parameter integer IN_W = 20,
    parameter integer ACC_W = 64,
    parameter integer SHIFT_W = 5,                    // planes up to 2^SHIFT_W
    parameter integer COL_W = 10,                     // 2^COL_W accumulators
    parameter integer BUG = 0
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    in_valid,
    output wire                    in_ready,
    input  wire signed [IN_W-1:0]  in_psum,
    input  wire [SHIFT_W-1:0]      in_shift,
    input  wire [COL_W-1:0]        in_col,
    input  wire                    in_first,
    input  wire                    in_last,
    output wire                    out_valid,
    input  wire                    out_ready,
    output wire signed [ACC_W-1:0] out_acc,
    output wire [COL_W-1:0]        out_col
);
    localparam integer COLS = 1 << COL_W;

    reg signed [ACC_W-1:0] acc [0:COLS-1];
    reg                    valid_q;
    reg signed [ACC_W-1:0] acc_q;
    reg [COL_W-1:0]        col_q;

    wire advance = !valid_q || out_ready;
    assign in_ready = advance;
    wire take = in_valid && advance;

    wire bug_step = (BUG != 0) && (in_shift != {SHIFT_W{1'b0}});
    wire [SHIFT_W:0] shift = {1'b0, in_shift} + {{SHIFT_W{1'b0}}, bug_step};
    wire signed [ACC_W-1:0] wide = {{(ACC_W - IN_W){in_psum[IN_W-1]}}, in_psum};
    wire signed [ACC_W-1:0] shifted = wide <<< shift;
    wire signed [ACC_W-1:0] prev = in_first ? {ACC_W{1'b0}} : acc[in_col];
    wire signed [ACC_W-1:0] sum = prev + shifted;

    always @(posedge clk) if (take) acc[in_col] <= sum;

    always @(posedge clk) begin
        if (rst) begin
            valid_q <= 1'b0;
        end else if (advance) begin
            valid_q <= in_valid && in_last;
        end
    end
    always @(posedge clk) begin
        if (take && in_last) begin
            acc_q <= sum;
            col_q <= in_col;
        end
    end

    assign out_valid = valid_q;
    assign out_acc   = acc_q;
    assign out_col   = col_q;
endmodule
