// Pipelining is real: over a stream of images the time per image settles to the slowest
// stage's time, the first image takes longer (fill), bounded buffers cause backpressure,
// and layer-by-layer mode is slower per image than the pipeline.
#include "sim_fixture.hpp"

#include "pimscope/platform/simulation.hpp"

using namespace pimscope;

namespace {

test::digest run(const std::vector<std::string>& overrides, int images, int size = 64) {
    return test::in_child([=] {
        const auto s = test::make_setup("configs/nets/bresnete18.yaml", size, images, overrides);
        std::vector<sw::tensor> outputs;
        auto d = test::summarise(platform::simulate(s.arch, s.net, s.fp, s.images, &outputs));
        for (const auto& t : outputs) d.output_hash = test::hash_outputs(t.v, d.output_hash);
        return d;
    });
}

} // namespace

TEST(pipeline, steady_state_period_is_the_slowest_stage) {
    const auto d = run({}, 6);
    ASSERT_TRUE(d.ok);
    EXPECT_NEAR(d.period_s / d.slowest_stage_s, 1.0, 0.05)
        << "period " << d.period_s << " s, slowest stage " << d.slowest_stage_s << " s";
    EXPECT_GT(d.first_latency_s, 1.2 * d.period_s) << "the first image must pay the pipeline fill";
}

TEST(pipeline, smaller_buffers_stall_more) {
    const auto roomy = run({"pipeline.stage_buffer_rows=0"}, 3);
    const auto tight = run({"pipeline.stage_buffer_rows=3"}, 3);
    ASSERT_TRUE(roomy.ok);
    ASSERT_TRUE(tight.ok);
    EXPECT_EQ(roomy.stall_output_s, 0.0) << "unbounded buffers never push back";
    EXPECT_GT(tight.stall_output_s, 0.0) << "a 3-row buffer must make producers wait";
    EXPECT_GE(tight.period_s, roomy.period_s * 0.95) << "backpressure cannot speed the pipeline up";
}

TEST(pipeline, layer_mode_is_slower_per_image_and_computes_the_same) {
    const auto piped = run({"adc.bits=4"}, 3);
    const auto layered = run({"adc.bits=4", "pipeline.mode=layer"}, 3);
    ASSERT_TRUE(piped.ok);
    ASSERT_TRUE(layered.ok);
    EXPECT_GT(layered.period_s, 1.5 * piped.period_s);
    // The same actions (layer mode keeps fewer copies of the first layer, which changes
    // only where a few bits travel); the chip leaks for longer when the layers take turns.
    EXPECT_NEAR(layered.dynamic_j / piped.dynamic_j, 1.0, 1e-4);
    EXPECT_GT(layered.energy_j, piped.energy_j);
    EXPECT_EQ(layered.output_hash, piped.output_hash);
}
