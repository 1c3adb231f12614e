# Runs the resource generator on one static file with two different contents
# and fails unless the cache-busting URL differs (and has the expected shape).
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/web/static)
file(WRITE ${WORK_DIR}/list.txt "web/static/a.css\n")

function(generated_url content out)
  file(WRITE ${WORK_DIR}/web/static/a.css "${content}")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -DREADOUT_EMBED_LIST=${WORK_DIR}/list.txt -DREADOUT_EMBED_ROOT=${WORK_DIR}
            -DREADOUT_EMBED_OUTPUT=${WORK_DIR}/out.cc -P ${READOUT_EMBED_SCRIPT}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "generator failed: ${rc}")
  endif()
  file(READ ${WORK_DIR}/out.cc generated)
  if(NOT generated MATCHES "\"(/static/a\\.[0-9a-f]+\\.css)\"")
    message(FATAL_ERROR "no hashed URL in generated source:\n${generated}")
  endif()
  set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()

generated_url("body { color: black; }\n" first)
generated_url("body { color: navy; }\n" second)
string(SHA256 expected "body { color: navy; }\n")
string(SUBSTRING "${expected}" 0 8 expected)
if(first STREQUAL second)
  message(FATAL_ERROR "hashed URL did not change with content: ${first}")
endif()
if(NOT second STREQUAL "/static/a.${expected}.css")
  message(FATAL_ERROR "expected /static/a.${expected}.css, got ${second}")
endif()
message(STATUS "ok: ${first} -> ${second}")
