// The digital datapath of a PE: the adder tree sums the partial sums of the PE's
// subarrays for one column, and the shift-add recombines that column's bit-serial
// input planes. One beat = one column of one plane; it carries the column index, the
// plane (shift) and first/last plane flags. A column's sum leaves after its last plane.
module pim_pe_datapath #(
    parameter integer N = 16,
    parameter integer IN_W = 16,
    parameter integer ACC_W = 64,
    parameter integer SHIFT_W = 5,
    parameter integer COL_W = 10,
    parameter integer BUG = 0,
    // derived; do not override
    parameter integer SUM_W = IN_W + ((N <= 2) ? 1 : $clog2(N))
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    in_valid,
    output wire                    in_ready,
    input  wire [N*IN_W-1:0]       in_psums,
    input  wire [COL_W-1:0]        in_col,
    input  wire [SHIFT_W-1:0]      in_shift,
    input  wire                    in_first,
    input  wire                    in_last,
    output wire                    out_valid,
    input  wire                    out_ready,
    output wire signed [ACC_W-1:0] out_acc,
    output wire [COL_W-1:0]        out_col
);
    localparam integer TAG_W = COL_W + SHIFT_W + 2;

    wire                    tree_valid, tree_ready;
    wire signed [SUM_W-1:0] tree_sum;
    wire [TAG_W-1:0]        tree_tag;

    pim_adder_tree #(.N(N), .IN_W(IN_W), .TAG_W(TAG_W)) u_tree (
        .clk(clk), .rst(rst),
        .in_valid(in_valid), .in_ready(in_ready), .in_data(in_psums),
        .in_tag({in_col, in_shift, in_first, in_last}),
        .out_valid(tree_valid), .out_ready(tree_ready), .out_sum(tree_sum), .out_tag(tree_tag));

    pim_shift_add #(.IN_W(SUM_W), .ACC_W(ACC_W), .SHIFT_W(SHIFT_W), .COL_W(COL_W), .BUG(BUG)) u_shift_add (
        .clk(clk), .rst(rst),
        .in_valid(tree_valid), .in_ready(tree_ready), .in_psum(tree_sum),
        .in_col(tree_tag[TAG_W-1 -: COL_W]), .in_shift(tree_tag[2 +: SHIFT_W]),
        .in_first(tree_tag[1]), .in_last(tree_tag[0]),
        .out_valid(out_valid), .out_ready(out_ready), .out_acc(out_acc), .out_col(out_col));
endmodule
