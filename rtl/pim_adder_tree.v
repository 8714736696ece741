// Adder tree of a PE: sums the signed partial sums of N subarrays (one column per beat).
// A pipelined binary tree, one register level per tree level, so a beat takes LEVELS
// cycles and the tree accepts one beat per cycle. TAG travels alongside the data
// (the column index and the shift-add's control bits). Valid/ready handshake with a
// global stall: every level advances when the output register is empty or being read.
module pim_adder_tree #(
    parameter integer N = 16,                         // inputs (subarrays of a PE)
    parameter integer IN_W = 16,                      // width of one partial sum
    parameter integer TAG_W = 1,
    // derived; do not override
    parameter integer LEVELS = (N <= 2) ? 1 : $clog2(N),
    parameter integer OUT_W = IN_W + LEVELS
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    in_valid,
    output wire                    in_ready,
    input  wire [N*IN_W-1:0]       in_data,           // input i at bits [i*IN_W +: IN_W]
    input  wire [TAG_W-1:0]        in_tag,
    output wire                    out_valid,
    input  wire                    out_ready,
    output wire signed [OUT_W-1:0] out_sum,
    output wire [TAG_W-1:0]        out_tag
);
    localparam integer P = 1 << LEVELS;               // leaves, padded to a power of two

    wire signed [OUT_W-1:0] leaf [0:P-1];
    reg  signed [OUT_W-1:0] node [1:P-1];             // heap order: node k = 2k + 2k+1
    reg  [LEVELS-1:0]       valid_q;                  // bit d: level d holds a beat (0 = root)
    reg  [TAG_W-1:0]        tag_q [0:LEVELS-1];

    wire advance = !valid_q[0] || out_ready;
    assign in_ready = advance;

    genvar i, k;
    generate
        for (i = 0; i < P; i = i + 1) begin : g_leaf
            if (i < N) begin : g_used
                assign leaf[i] = {{LEVELS{in_data[i*IN_W + IN_W - 1]}}, in_data[i*IN_W +: IN_W]};
            end else begin : g_pad
                assign leaf[i] = {OUT_W{1'b0}};
            end
        end
        for (k = 1; k < P; k = k + 1) begin : g_node
            if (2 * k >= P) begin : g_bottom
                always @(posedge clk) if (advance) node[k] <= leaf[2*k - P] + leaf[2*k + 1 - P];
            end else begin : g_inner
                always @(posedge clk) if (advance) node[k] <= node[2*k] + node[2*k + 1];
            end
        end
    endgenerate

    integer d;
    always @(posedge clk) begin
        if (rst) begin
            valid_q <= {LEVELS{1'b0}};
        end else if (advance) begin
            valid_q[LEVELS-1] <= in_valid;
            for (d = 0; d < LEVELS - 1; d = d + 1) valid_q[d] <= valid_q[d+1];
        end
    end
    always @(posedge clk) begin
        if (advance) begin
            tag_q[LEVELS-1] <= in_tag;
            for (d = 0; d < LEVELS - 1; d = d + 1) tag_q[d] <= tag_q[d+1];
        end
    end

    assign out_valid = valid_q[0];
    assign out_sum   = node[1];
    assign out_tag   = tag_q[0];
endmodule
