// Threshold/sign activation: batch-norm folded into a per-channel threshold and
// direction, out = (dir * x >= thr) ? +1 : -1, with dir = -1 when in_neg is set.
// out_bit 1 stands for +1. Computed one bit wider than the inputs so that negating
// the most negative x cannot overflow. One cycle of latency, one beat per cycle.
module pim_threshold #(
    parameter integer X_W = 32,
    parameter integer THR_W = 32,
    parameter integer TAG_W = 1,
    // derived; do not override
    parameter integer W = ((X_W > THR_W) ? X_W : THR_W) + 1
) (
    input  wire                   clk,
    input  wire                   rst,
    input  wire                   in_valid,
    output wire                   in_ready,
    input  wire signed [X_W-1:0]  in_x,
    input  wire signed [THR_W-1:0] in_thr,
    input  wire                   in_neg,
    input  wire [TAG_W-1:0]       in_tag,
    output wire                   out_valid,
    input  wire                   out_ready,
    output wire                   out_bit,
    output wire [TAG_W-1:0]       out_tag
);
    reg             valid_q;
    reg             bit_q;
    reg [TAG_W-1:0] tag_q;

    wire advance = !valid_q || out_ready;
    assign in_ready = advance;

    wire signed [W-1:0] x   = {{(W - X_W){in_x[X_W-1]}}, in_x};
    wire signed [W-1:0] thr = {{(W - THR_W){in_thr[THR_W-1]}}, in_thr};
    wire signed [W-1:0] dx  = in_neg ? -x : x;

    always @(posedge clk) begin
        if (rst) valid_q <= 1'b0;
        else if (advance) valid_q <= in_valid;
    end
    always @(posedge clk) begin
        if (advance && in_valid) begin
            bit_q <= dx >= thr;
            tag_q <= in_tag;
        end
    end

    assign out_valid = valid_q;
    assign out_bit   = bit_q;
    assign out_tag   = tag_q;
endmodule
