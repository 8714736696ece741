# The seed corpora from the files the project ships (cmake -P, run by the fuzz_seeds
# target at every build so that they follow the source tree): SRC = source dir, DST =
# seeds dir. Each target gets only files of its own kind.
function(seed target)
  file(MAKE_DIRECTORY ${DST}/${target})
  foreach(f ${ARGN})
    get_filename_component(name ${f} NAME)
    get_filename_component(parent ${f} DIRECTORY)
    get_filename_component(parent ${parent} NAME)
    # Prefixed with the folder: the test-data models are all called model.onnx.
    configure_file(${f} ${DST}/${target}/${parent}_${name} COPYONLY)
  endforeach()
endfunction()

file(GLOB arch ${SRC}/configs/arch/*.yaml ${SRC}/configs/arch/tech/*.yaml)
seed(arch_yaml ${arch})
file(GLOB devices ${SRC}/configs/arch/device/*.yaml)
seed(device_yaml ${devices})
file(GLOB nets ${SRC}/configs/nets/*.yaml)
seed(net_yaml ${nets})
file(GLOB csv ${SRC}/configs/nets/study/*.csv)
seed(neurosim_csv ${csv})
file(GLOB sweeps ${SRC}/configs/sweeps/*.yaml)
seed(sweep_yaml ${sweeps})
file(GLOB npy ${SRC}/configs/nets/fmnist_bnn/*.npy)
seed(npy ${npy})
# The trained network's export, and Debian's single-operator test models of the operators
# the importer knows (libonnx-testdata, installed by scripts/setup.sh).
set(onnx ${SRC}/configs/nets/fmnist_bnn/fmnist_bnn.onnx)
foreach(op basic_conv_with_padding basic_conv_without_padding batchnorm_example gemm_default_no_bias
           maxpool_2d_default averagepool_2d_pads globalaveragepool flatten_default_axis sign add concat_2d_axis_1
           relu where_example)
  if(EXISTS /usr/share/libonnx-testdata/data/node/test_${op}/model.onnx)
    list(APPEND onnx /usr/share/libonnx-testdata/data/node/test_${op}/model.onnx)
  endif()
endforeach()
seed(onnx ${onnx})
