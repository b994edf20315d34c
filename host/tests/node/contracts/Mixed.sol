// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IERC20 {
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
    function balanceOf(address account) external view returns (uint256);
}

/// Calls the Stylus token from the EVM.
contract TokenUser {
    uint256 public calls;

    function pull(IERC20 token, address from, uint256 value) external {
        calls += 1;
        require(token.transferFrom(from, address(this), value), "transferFrom returned false");
    }

    function pullThenRevert(IERC20 token, address from, uint256 value) external {
        calls += 1;
        token.transferFrom(from, address(this), value);
        revert("undone");
    }

    function tryPay(IERC20 token, address to, uint256 value) external returns (bool ok) {
        calls += 1;
        try token.transfer(to, value) returns (bool result) {
            ok = result;
        } catch {
            ok = false;
        }
    }

    function staticTransfer(IERC20 token, address to, uint256 value) external view returns (bool ok) {
        (ok, ) = address(token).staticcall(abi.encodeCall(IERC20.transfer, (to, value)));
    }

    function balance(IERC20 token, address account) external view returns (uint256) {
        return token.balanceOf(account);
    }
}

/// An EVM contract that Stylus programs call.
contract Store {
    uint256 public value;

    function set(uint256 v) external returns (uint256) {
        value = v;
        return v * 2;
    }

    function setThenRevert(uint256 v) external {
        value = v;
        revert("no");
    }

    function relay(address target, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory out) = target.call(data);
        require(ok, "relay failed");
        return out;
    }
}
